"""An enterprise's history: what the registry did and what other services published about it."""

from __future__ import annotations

from sqlalchemy import select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.messaging.envelope import Envelope
from zjtx.registry.history.models import HistoryEntry


async def record_history(session: AsyncSession, *, envelope: Envelope, uscc: str, summary: str) -> None:
    # ON CONFLICT: the same event twice (a redelivery, a re-drive) is one line of history.
    await session.execute(
        insert(HistoryEntry)
        .values(
            uscc=uscc,
            event_id=envelope.event_id,
            event_type=envelope.event_type,
            producer=envelope.producer,
            occurred_at=envelope.occurred_at,
            summary=summary,
            payload=envelope.payload,
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
    )


async def list_history(session: AsyncSession, *, uscc: str, limit: int, after: tuple | None) -> list[HistoryEntry]:
    query = select(HistoryEntry).where(HistoryEntry.uscc == uscc)
    if after is not None:
        query = query.where(tuple_(HistoryEntry.occurred_at, HistoryEntry.id) > tuple_(*after))
    query = query.order_by(HistoryEntry.occurred_at, HistoryEntry.id).limit(limit)
    return list(await session.scalars(query))
