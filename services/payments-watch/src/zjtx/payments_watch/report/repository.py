from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.payments_watch.buyer.models import Buyer
from zjtx.payments_watch.contract.models import Allocation, Contract, Payable
from zjtx.payments_watch.contract.repository import overdue_payables


async def units(
    session: AsyncSession, *, kinds: Sequence[str], buyer_code: str | None, after: str | None, limit: int | None
) -> Sequence[Buyer]:
    query = select(Buyer).where(Buyer.kind.in_(list(kinds))).order_by(Buyer.code)
    if buyer_code is not None:
        query = query.where(Buyer.code == buyer_code)
    if after is not None:
        query = query.where(Buyer.code > after)
    if limit is not None:
        query = query.limit(limit)
    return (await session.scalars(query)).all()


async def overdue_unpaid(session: AsyncSession, day: date, buyer_codes: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Per buyer: the contracts overdue and unpaid (in whole or part) at the end of `day`, and their
    overdue unpaid principal."""
    od = overdue_payables(day, buyer_codes=buyer_codes)
    rows = await session.execute(
        select(od.c.buyer_code, func.count(func.distinct(od.c.contract_id)), func.sum(od.c.overdue_fen))
        .where(od.c.overdue_fen > 0)
        .group_by(od.c.buyer_code)
    )
    return {code: (int(contracts), int(amount)) for code, contracts, amount in rows}


@dataclass(frozen=True)
class Practice:
    buyer_code: str
    name: str
    payments: int
    amount_fen: int
    days_total: int
    within_30: int
    from_31_to_60: int
    over_60: int
    late: int
    late_amount_fen: int


async def practices(
    session: AsyncSession, *, start: date, end: date, buyer_code: str | None, after: str | None, limit: int
) -> list[Practice]:
    """Per buyer, over the payments dated from `start` to `end` on monitored contracts (each part of a
    payment applied to one payable counts once): days from the clock's start to payment, and lateness."""
    days = func.greatest(
        type_coerce(Allocation.paid_on - func.coalesce(Payable.clock_start, Allocation.paid_on), Integer), 0
    )
    late = Allocation.paid_on > Payable.due_on
    query = (
        select(
            Contract.buyer_code,
            Buyer.name,
            func.count(),
            func.sum(Allocation.amount_fen),
            func.sum(days),
            func.count().filter(days <= 30),
            func.count().filter(days > 30, days <= 60),
            func.count().filter(days > 60),
            func.count().filter(late),
            func.coalesce(func.sum(Allocation.amount_fen).filter(late), 0),
        )
        .select_from(Allocation)
        .join(Payable, Payable.id == Allocation.payable_id)
        .join(Contract, Contract.id == Allocation.contract_id)
        .join(Buyer, Buyer.code == Contract.buyer_code)
        .where(Contract.monitored, Payable.due_on.is_not(None), Allocation.paid_on >= start, Allocation.paid_on <= end)
        .group_by(Contract.buyer_code, Buyer.name)
        .order_by(Contract.buyer_code)
        .limit(limit)
    )
    if buyer_code is not None:
        query = query.where(Contract.buyer_code == buyer_code)
    if after is not None:
        query = query.where(Contract.buyer_code > after)
    return [
        Practice(row[0], row[1], int(row[2]), int(row[3]), int(row[4]), *(int(v) for v in row[5:]))
        for row in await session.execute(query)
    ]
