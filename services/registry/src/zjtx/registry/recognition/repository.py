from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import exists, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.registry.recognition.models import WITHDRAWN, Recognition


async def live_of_tier(session: AsyncSession, uscc: str, tier: str) -> Recognition | None:
    query = (
        select(Recognition)
        .where(Recognition.uscc == uscc, Recognition.tier == tier, Recognition.status == "valid")
        .with_for_update()
    )
    return await session.scalar(query)


async def held_tier_before(session: AsyncSession, uscc: str, tier: str, before: date) -> bool:
    query = exists().where(
        Recognition.uscc == uscc,
        Recognition.tier == tier,
        Recognition.recognized_on < before,
        Recognition.status != WITHDRAWN,
    )
    return bool(await session.scalar(select(query)))


async def get(session: AsyncSession, uscc: str, recognition_id: uuid.UUID) -> Recognition | None:
    query = select(Recognition).where(Recognition.id == recognition_id, Recognition.uscc == uscc).with_for_update()
    return await session.scalar(query)


async def renewed_by(session: AsyncSession, renewal: Recognition) -> Recognition | None:
    """The recognition a renewal replaced: the latest of its tier marked `renewed` before it."""
    query = (
        select(Recognition)
        .where(
            Recognition.uscc == renewal.uscc,
            Recognition.tier == renewal.tier,
            Recognition.status == "renewed",
            Recognition.recognized_on <= renewal.recognized_on,
            Recognition.id != renewal.id,
        )
        .order_by(Recognition.recognized_on.desc())
        .limit(1)
        .with_for_update()
    )
    return await session.scalar(query)


async def due_to_expire(session: AsyncSession, today: date, *, limit: int) -> list[Recognition]:
    query = (
        select(Recognition)
        .where(Recognition.status == "valid", Recognition.expires_on <= today)
        .order_by(Recognition.expires_on)
        .limit(limit)
        .with_for_update(skip_locked=True)  # two replicas running the daily job share the work
    )
    return list(await session.scalars(query))


async def of_enterprise(
    session: AsyncSession, uscc: str, *, limit: int, after: tuple[date, uuid.UUID] | None
) -> list[Recognition]:
    query = select(Recognition).where(Recognition.uscc == uscc)
    if after is not None:
        query = query.where(tuple_(Recognition.recognized_on, Recognition.id) > tuple_(*after))
    query = query.order_by(Recognition.recognized_on, Recognition.id).limit(limit)
    return list(await session.scalars(query))
