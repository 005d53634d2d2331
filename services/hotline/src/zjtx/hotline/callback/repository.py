from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from zjtx.hotline.callback.models import PENDING, Callback


async def add(session: AsyncSession, values: dict[str, Any]) -> None:
    """One callback per event: a redelivered event adds nothing (the unique event id decides)."""
    await session.execute(insert(Callback).values(**values).on_conflict_do_nothing(index_elements=["event_id"]))


async def due(session: AsyncSession, now: datetime, *, limit: int) -> list[Callback]:
    """Pending callbacks whose time has come, the oldest of its ticket only (a ticket's callbacks go out in
    order: a later one waits while an earlier one is retried), locked; SKIP LOCKED lets replicas share."""
    earlier = aliased(Callback)
    waiting_behind = exists().where(
        earlier.ticket_id == Callback.ticket_id, earlier.status == PENDING, earlier.seq < Callback.seq
    )
    query = (
        select(Callback)
        .where(Callback.status == PENDING, Callback.next_attempt_at <= now, ~waiting_behind)
        .order_by(Callback.seq)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(await session.scalars(query))


async def get(session: AsyncSession, callback_id: uuid.UUID, *, for_update: bool = False) -> Callback | None:
    query = select(Callback).where(Callback.id == callback_id)
    return await session.scalar(query.with_for_update() if for_update else query)


async def search(
    session: AsyncSession, *, status: str | None, ticket_id: uuid.UUID | None, limit: int, after: int | None
) -> list[Callback]:
    query = select(Callback)
    if status is not None:
        query = query.where(Callback.status == status)
    if ticket_id is not None:
        query = query.where(Callback.ticket_id == ticket_id)
    if after is not None:
        query = query.where(Callback.seq > after)
    return list(await session.scalars(query.order_by(Callback.seq).limit(limit)))
