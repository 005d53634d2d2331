from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.payments_watch.rules.facts import SellerSize
from zjtx.payments_watch.seller.models import Seller
from zjtx.payments_watch.seller.models import SellerSize as SizeRow


async def upsert_seller(session: AsyncSession, values: dict) -> None:
    """The seller as its latest event describes it (an older event arriving late changes nothing here)."""
    statement = insert(Seller).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["uscc"],
            set_={key: statement.excluded[key] for key in values if key != "uscc"},
            where=Seller.last_event_at <= statement.excluded.last_event_at,
        )
    )


async def add_size(session: AsyncSession, values: dict) -> bool:
    """One size record per event; False for an event already recorded."""
    inserted = await session.scalar(
        insert(SizeRow).values(**values).on_conflict_do_nothing(index_elements=["event_id"]).returning(SizeRow.uscc)
    )
    return inserted is not None


async def get(session: AsyncSession, uscc: str) -> Seller | None:
    return await session.get(Seller, uscc)


async def size_on(session: AsyncSession, uscc: str, day: date) -> SellerSize | None:
    """The size in force on `day`: the record with the latest effective date on or before it (of one
    day, the latest event). When the history starts after `day`, its first record, so marked."""
    in_force = await session.scalar(
        select(SizeRow)
        .where(SizeRow.uscc == uscc, SizeRow.effective_on <= day)
        .order_by(SizeRow.effective_on.desc(), SizeRow.occurred_at.desc())
        .limit(1)
    )
    if in_force is not None:
        return SellerSize(in_force.size_class, in_force.is_sme, in_force.effective_on, "in_force")
    earliest = await session.scalar(
        select(SizeRow).where(SizeRow.uscc == uscc).order_by(SizeRow.effective_on, SizeRow.occurred_at).limit(1)
    )
    if earliest is None:
        return None
    return SellerSize(earliest.size_class, earliest.is_sme, earliest.effective_on, "earliest_known")
