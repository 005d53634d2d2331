from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.award.models import PAID, Award, AwardFunding, AwardRecovery


def in_budget_year(start: date, end: date) -> ColumnElement[bool]:
    """Issue 12, item 6: a paid award (disbursed, recovery_due, recovered) counts in the year it was paid
    (`paid_on`); any other in the year of its reference date (the commitment year: the year of the fact it
    rewards)."""
    return or_(
        and_(Award.status.in_(PAID), Award.paid_on.between(start, end)),
        and_(Award.status.not_in(PAID), Award.reference_date.between(start, end)),
    )


async def totals_by_rule_and_status(
    session: AsyncSession, *, start: date, end: date
) -> list[tuple[str, str, int, int, int]]:
    """(rule, status, awards, fen, fen flagged for recovery) for the awards of the budget year [start, end]
    (in_budget_year)."""
    query = (
        select(
            Award.rule,
            Award.status,
            func.count(),
            func.coalesce(func.sum(Award.amount_fen), 0),
            func.coalesce(func.sum(Award.recovery_due_fen), 0),
        )
        .where(in_budget_year(start, end))
        .group_by(Award.rule, Award.status)
    )
    return [(rule, status, int(n), int(fen), int(due)) for rule, status, n, fen, due in await session.execute(query)]


async def recoveries(session: AsyncSession, *, start: date, end: date) -> list[tuple[str, str, str, int, int, date]]:
    """(status, rule, district, fen flagged for recovery, fen recovered so far, reference date) of the awards
    flagged or recovered."""
    came_back = (
        select(func.coalesce(func.sum(AwardRecovery.amount_fen), 0))
        .where(AwardRecovery.award_id == Award.id)
        .scalar_subquery()
    )
    query = select(
        Award.status, Award.rule, Award.district_code, Award.recovery_due_fen, came_back, Award.reference_date
    ).where(in_budget_year(start, end), Award.recovery_due_fen.is_not(None))
    return [
        (status, rule, district, int(due), int(back), on)
        for status, rule, district, due, back, on in await session.execute(query)
    ]


async def totals_by_funder_and_status(
    session: AsyncSession, *, start: date, end: date
) -> list[tuple[str, str, int, int]]:
    """(funder, status, shares, fen) from award_funding, for the same awards."""
    query = (
        select(AwardFunding.funder, Award.status, func.count(), func.coalesce(func.sum(AwardFunding.amount_fen), 0))
        .join(Award, Award.id == AwardFunding.award_id)
        .where(in_budget_year(start, end))
        .group_by(AwardFunding.funder, Award.status)
    )
    return [(funder, status, int(n), int(fen)) for funder, status, n, fen in await session.execute(query)]
