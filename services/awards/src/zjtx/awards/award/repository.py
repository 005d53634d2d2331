from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import extract, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from zjtx.awards.award.models import COMMITTED, Award, AwardFunding


async def insert_once(session: AsyncSession, values: dict) -> uuid.UUID | None:
    """Insert the award unless its dedup_key exists; the unique index decides, even between replicas."""
    result = await session.execute(
        insert(Award).values(**values).on_conflict_do_nothing(index_elements=["dedup_key"]).returning(Award.id)
    )
    return result.scalar_one_or_none()


async def add_funding(session: AsyncSession, award_id: uuid.UUID, shares: list[tuple[str, int]]) -> None:
    session.add_all(
        AwardFunding(award_id=award_id, funder=f, position=i, amount_fen=a) for i, (f, a) in enumerate(shares)
    )
    await session.flush()


async def fill_subject_name(session: AsyncSession, uscc: str, name: str) -> None:
    """Name the awards computed while the enterprise was known only from a stub (name '')."""
    await session.execute(update(Award).where(Award.uscc == uscc, Award.subject_name == "").values(subject_name=name))


async def get(session: AsyncSession, award_id: uuid.UUID, *, for_update: bool = False) -> Award | None:
    query = select(Award).where(Award.id == award_id).options(selectinload(Award.funding))
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


async def by_dedup_key(session: AsyncSession, key: str) -> Award | None:
    return await session.scalar(select(Award).where(Award.dedup_key == key).options(selectinload(Award.funding)))


async def unpaid_from_recognition(session: AsyncSession, recognition_id: uuid.UUID) -> list[Award]:
    query = (
        select(Award)
        .where(Award.source_recognition_id == recognition_id, Award.status.in_(COMMITTED))
        .options(selectinload(Award.funding))
        .with_for_update()
    )
    return list(await session.scalars(query))


async def years_with_rent_subsidy(session: AsyncSession, uscc: str) -> list[int]:
    query = select(extract("year", Award.reference_date)).where(
        Award.uscc == uscc, Award.rule == "A3.rent", Award.status.not_in(("rejected", "revoked"))
    )
    return sorted(int(y) for y in await session.scalars(query))


async def trade_fair_total(session: AsyncSession, uscc: str, year: int) -> int:
    query = select(func.coalesce(func.sum(Award.amount_fen), 0)).where(
        Award.uscc == uscc,
        Award.rule == "A6.1",
        Award.status.not_in(("rejected", "revoked")),
        Award.reference_date.between(date(year, 1, 1), date(year, 12, 31)),
    )
    return int(await session.scalar(query) or 0)


async def search(
    session: AsyncSession, *, filters: dict, year: int | None, limit: int, after: tuple | None
) -> list[Award]:
    query = select(Award).options(selectinload(Award.funding))
    for column, value in filters.items():
        if value is not None:
            query = query.where(getattr(Award, column) == value)
    if year is not None:
        query = query.where(Award.reference_date.between(date(year, 1, 1), date(year, 12, 31)))
    if after is not None:
        from sqlalchemy import tuple_

        query = query.where(tuple_(Award.created_at, Award.id) > tuple_(*after))
    return list(await session.scalars(query.order_by(Award.created_at, Award.id).limit(limit)))
