from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.payments_watch.buyer.models import Buyer


async def add(session: AsyncSession, values: dict) -> bool:
    """False when the code is already registered (the primary key decides; nothing written)."""
    inserted = await session.scalar(
        insert(Buyer).values(**values).on_conflict_do_nothing(index_elements=["code"]).returning(Buyer.code)
    )
    return inserted is not None


async def get(session: AsyncSession, code: str, *, for_update: bool = False, skip_locked: bool = False) -> Buyer | None:
    query = select(Buyer).where(Buyer.code == code)
    if for_update:
        query = query.with_for_update(skip_locked=skip_locked)
    return await session.scalar(query)


async def search(
    session: AsyncSession, *, filters: dict[str, str | None], after: str | None, limit: int
) -> Sequence[Buyer]:
    query = select(Buyer).order_by(Buyer.code).limit(limit)
    for column, value in filters.items():
        if value is not None:
            query = query.where(getattr(Buyer, column) == value)
    if after is not None:
        query = query.where(Buyer.code > after)
    return (await session.scalars(query)).all()


async def with_risk_to_review(session: AsyncSession) -> list[str]:
    """Buyers whose last risk is not nothing: they must be looked at again even with no overdue left."""
    query = select(Buyer.code).where((Buyer.risk_level != "low") | (Buyer.risk_score != 0))
    return list((await session.scalars(query)).all())


async def lock_many(session: AsyncSession, codes: Sequence[str]) -> Sequence[Buyer]:
    """The buyers, locked; those another transaction holds are skipped (it writes them)."""
    query = select(Buyer).where(Buyer.code.in_(codes)).order_by(Buyer.code).with_for_update(skip_locked=True)
    return (await session.scalars(query)).all()
