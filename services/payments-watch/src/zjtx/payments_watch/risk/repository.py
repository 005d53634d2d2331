"""The A10.5 inputs, counted in the database for one buyer or all of them at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.payments_watch.complaint.models import Complaint
from zjtx.payments_watch.contract.repository import overdue_payables
from zjtx.payments_watch.rules.risk import RiskFacts

NOTHING = RiskFacts(0, 0, 0, 0)


async def facts(
    session: AsyncSession, *, day: date, window_start: date, buyer_codes: Sequence[str] | None = None
) -> dict[str, RiskFacts]:
    """Per buyer with anything to count on `day`: the overdue amount (principal), the longest days
    overdue, the contracts overdue, and the arrears complaints received after `window_start` up to `day`."""
    od = overdue_payables(day, buyer_codes=buyer_codes)
    query = (
        select(
            od.c.buyer_code,
            func.sum(od.c.overdue_fen),
            func.max(od.c.days_overdue),
            func.count(func.distinct(od.c.contract_id)),
        )
        .where(od.c.overdue_fen > 0)
        .group_by(od.c.buyer_code)
    )
    complaints = (
        select(Complaint.buyer_code, func.count())
        .where(~Complaint.excluded, Complaint.received_on > window_start, Complaint.received_on <= day)
        .group_by(Complaint.buyer_code)
    )
    if buyer_codes is not None:
        complaints = complaints.where(Complaint.buyer_code.in_(buyer_codes))
    found: dict[str, RiskFacts] = {}
    for code, amount, days, contracts in await session.execute(query):
        found[code] = RiskFacts(int(amount), int(days), int(contracts), 0)
    for code, count in await session.execute(complaints):
        base = found.get(code, NOTHING)
        found[code] = RiskFacts(base.overdue_amount_fen, base.longest_days_overdue, base.overdue_contracts, int(count))
    return found
