from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Text, Uuid, exists, literal, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from zjtx.common.db import unnest_rows
from zjtx.hotline.callback.models import PENDING, Callback


async def add_many(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Pending callbacks, one per event, in the order given (their `seq`), in one statement; an event seen
    before adds nothing (the unique event id decides)."""
    await session.execute(_ADD_MANY, {f"callback_rows_{c}": [row[c] for row in rows] for c in _COLUMNS})


_COLUMNS = {
    "id": Uuid(),
    "event_id": Uuid(),
    "ticket_id": Uuid(),
    "event_type": Text(),
    "body": Text(),
    "next_attempt_at": DateTime(timezone=True),
    "traceparent": Text(),
}
_ROWS = unnest_rows("callback_rows", _COLUMNS)
_ADD_MANY = (
    insert(Callback.__table__)
    .from_select(
        [*_COLUMNS, "status", "attempts", "redriven_count"],
        select(*(_ROWS.c[c] for c in _COLUMNS), literal(PENDING), literal(0), literal(0)).order_by(_ROWS.c.n),
    )
    .on_conflict_do_nothing(index_elements=["event_id"])
)


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
