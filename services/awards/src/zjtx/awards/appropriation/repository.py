from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import extract, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.appropriation.models import Appropriation
from zjtx.awards.award.models import PAID, Award, AwardFunding


async def appropriated_fen(session: AsyncSession, *, funder: str, fiscal_year: int) -> int:
    """The sum of the funder's appropriations for the year (0 when it has none)."""
    query = select(func.coalesce(func.sum(Appropriation.amount_fen), 0)).where(
        Appropriation.funder == funder, Appropriation.fiscal_year == fiscal_year
    )
    return int(await session.scalar(query) or 0)


async def paid_fen(session: AsyncSession, *, funder: str, fiscal_year: int) -> int:
    """The funder's shares of the awards paid in the year (by `paid_on`), money due back or recovered too:
    what came back goes to the treasury, it does not refill the appropriation."""
    query = (
        select(func.coalesce(func.sum(AwardFunding.amount_fen), 0))
        .join(Award, Award.id == AwardFunding.award_id)
        .where(
            AwardFunding.funder == funder,
            Award.status.in_(PAID),
            Award.paid_on.between(date(fiscal_year, 1, 1), date(fiscal_year, 12, 31)),
        )
    )
    return int(await session.scalar(query) or 0)


async def totals_of_year(session: AsyncSession, *, fiscal_year: int) -> dict[str, tuple[int, int]]:
    """Per funder, (appropriated fen, paid fen) in the fiscal year: every funder that has either."""
    appropriated = select(Appropriation.funder, func.sum(Appropriation.amount_fen)).where(
        Appropriation.fiscal_year == fiscal_year
    )
    paid = (
        select(AwardFunding.funder, func.sum(AwardFunding.amount_fen))
        .join(Award, Award.id == AwardFunding.award_id)
        .where(Award.status.in_(PAID), extract("year", Award.paid_on) == fiscal_year)
    )
    totals: dict[str, list[int]] = {}
    for funder, fen in await session.execute(appropriated.group_by(Appropriation.funder)):
        totals.setdefault(funder, [0, 0])[0] = int(fen)
    for funder, fen in await session.execute(paid.group_by(AwardFunding.funder)):
        totals.setdefault(funder, [0, 0])[1] = int(fen)
    return {funder: (a, p) for funder, (a, p) in totals.items()}


async def search(
    session: AsyncSession,
    *,
    funder: str | None,
    fiscal_year: int | None,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> list[Appropriation]:
    """The appropriations recorded, in the order recorded, a page at a time."""
    query = select(Appropriation).order_by(Appropriation.created_at, Appropriation.id).limit(limit)
    if funder is not None:
        query = query.where(Appropriation.funder == funder)
    if fiscal_year is not None:
        query = query.where(Appropriation.fiscal_year == fiscal_year)
    if after is not None:
        query = query.where(tuple_(Appropriation.created_at, Appropriation.id) > tuple_(*after))
    return list(await session.scalars(query))
