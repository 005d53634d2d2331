"""An enterprise's history: what the registry did and what other services published about it."""

from __future__ import annotations

import uuid

from sqlalchemy import bindparam, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import Write, write
from zjtx.common.messaging.envelope import Envelope
from zjtx.registry.history.models import HistoryEntry


async def record_history(session: AsyncSession, *, envelope: Envelope, uscc: str, summary: str) -> None:
    await write(session, history_insert(envelope=envelope, uscc=uscc, summary=summary))


def history_insert(*, envelope: Envelope, uscc: str, summary: str) -> Write:
    """An event's history line as a row to write (zjtx.common.db.write): alone, or beside the event's
    outbox row."""
    return _INSERT, {
        "history_id": uuid.uuid4(),
        "history_uscc": uscc,
        "history_event_id": envelope.event_id,
        "history_event_type": envelope.event_type,
        "history_producer": envelope.producer,
        "history_occurred_at": envelope.occurred_at,
        "history_summary": summary,
        "history_payload": envelope.payload,
    }


_TABLE = HistoryEntry.__table__
# ON CONFLICT: the same event twice (a redelivery, a re-drive) is one line of history.
_INSERT = (
    insert(_TABLE)
    .values({c.key: bindparam(f"history_{c.key}", type_=c.type) for c in _TABLE.columns if c.key != "seq"})
    .on_conflict_do_nothing(index_elements=["event_id"])
)


async def list_history(session: AsyncSession, *, uscc: str, limit: int, after: tuple | None) -> list[HistoryEntry]:
    """Oldest first; lines of the same instant in the order they were recorded (`seq`), on every read."""
    query = select(HistoryEntry).where(HistoryEntry.uscc == uscc)
    if after is not None:
        query = query.where(tuple_(HistoryEntry.occurred_at, HistoryEntry.seq) > tuple_(*after))
    query = query.order_by(HistoryEntry.occurred_at, HistoryEntry.seq).limit(limit)
    return list(await session.scalars(query))
