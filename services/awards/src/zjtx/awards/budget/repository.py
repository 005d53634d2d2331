from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.award.models import Award, AwardFunding


async def totals_by_rule_and_status(
    session: AsyncSession, *, start: date, end: date
) -> list[tuple[str, str, int, int]]:
    """(rule, status, awards, fen) for the awards whose reference date is in [start, end]."""
    query = (
        select(Award.rule, Award.status, func.count(), func.coalesce(func.sum(Award.amount_fen), 0))
        .where(Award.reference_date.between(start, end))
        .group_by(Award.rule, Award.status)
    )
    return [(rule, status, int(n), int(fen)) for rule, status, n, fen in await session.execute(query)]


async def totals_by_funder_and_status(
    session: AsyncSession, *, start: date, end: date
) -> list[tuple[str, str, int, int]]:
    """(funder, status, shares, fen) from award_funding, for the same awards."""
    query = (
        select(AwardFunding.funder, Award.status, func.count(), func.coalesce(func.sum(AwardFunding.amount_fen), 0))
        .join(Award, Award.id == AwardFunding.award_id)
        .where(Award.reference_date.between(start, end))
        .group_by(AwardFunding.funder, Award.status)
    )
    return [(funder, status, int(n), int(fen)) for funder, status, n, fen in await session.execute(query)]
