from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from zjtx.finance_subsidy.subsidy.models import Subsidy


async def of_periods(session: AsyncSession, period_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Subsidy]]:
    """Every subsidy of the periods, oldest first, with its funding, locked: the caller decides on them."""
    found: dict[uuid.UUID, list[Subsidy]] = defaultdict(list)
    if not period_ids:
        return found
    query = (
        select(Subsidy)
        .where(Subsidy.period_id.in_(period_ids))
        .options(selectinload(Subsidy.funding))
        .order_by(Subsidy.seq)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    for subsidy in await session.scalars(query):
        found[subsidy.period_id].append(subsidy)
    return found


async def get(session: AsyncSession, subsidy_id: uuid.UUID, *, for_update: bool = False) -> Subsidy | None:
    query = select(Subsidy).where(Subsidy.id == subsidy_id).options(selectinload(Subsidy.funding))
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


async def search(
    session: AsyncSession,
    *,
    filters: dict,
    limit: int,
    after: int | None,
) -> list[Subsidy]:
    query = select(Subsidy).options(selectinload(Subsidy.funding))
    for column, value in filters.items():
        if value is not None:
            query = query.where(getattr(Subsidy, column) == value)
    if after is not None:
        query = query.where(Subsidy.seq > after)
    return list(await session.scalars(query.order_by(Subsidy.seq).limit(limit)))


async def of_loan(session: AsyncSession, bank_code: str, loan_id: str) -> list[Subsidy]:
    query = (
        select(Subsidy)
        .where(Subsidy.bank_code == bank_code, Subsidy.loan_id == loan_id)
        .options(selectinload(Subsidy.funding))
        .order_by(Subsidy.period_start, Subsidy.seq)
    )
    return list(await session.scalars(query))


async def totals_by_status(session: AsyncSession, year: int) -> dict[str, tuple[int, int]]:
    """status -> (sum of amounts, enterprises), for the subsidies of interest paid in `year`."""
    query = (
        select(Subsidy.status, func.sum(Subsidy.amount_fen), func.count(func.distinct(Subsidy.uscc)))
        .where(Subsidy.year == year)
        .group_by(Subsidy.status)
    )
    return {status: (int(total or 0), int(count)) for status, total, count in await session.execute(query)}


async def paid_totals(session: AsyncSession, year: int) -> tuple[int, int, int]:
    """Disbursed subsidies of interest paid in `year`: amount, recovery flagged on them, enterprises."""
    query = select(
        func.coalesce(func.sum(Subsidy.amount_fen), 0),
        func.coalesce(func.sum(Subsidy.recovery_due_fen), 0),
        func.count(func.distinct(Subsidy.uscc)),
    ).where(Subsidy.year == year, Subsidy.status == "disbursed")
    total, recovery, count = (await session.execute(query)).one()
    return int(total), int(recovery), int(count)


async def enterprises_with(session: AsyncSession, year: int, statuses: tuple[str, ...]) -> int:
    query = select(func.count(func.distinct(Subsidy.uscc))).where(Subsidy.year == year, Subsidy.status.in_(statuses))
    return int(await session.scalar(query) or 0)
