"""An enterprise's history: what the registry did and what other services published about it."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import Write, write
from zjtx.common.messaging.envelope import Envelope
from zjtx.registry import SERVICE_NAME
from zjtx.registry.history.models import HistoryEntry


async def record_history(
    session: AsyncSession, *, envelope: Envelope, uscc: str, summary: str, summary_zh: str, actor: str | None = None
) -> None:
    """An event's line, in English (`summary`) and Chinese (`summary_zh`): the reader's language picks one."""
    row = history_insert(envelope=envelope, uscc=uscc, summary=summary, summary_zh=summary_zh, actor=actor)
    await write(session, row)


async def record_fact(
    session: AsyncSession,
    *,
    uscc: str,
    line_type: str,
    at: datetime,
    on: date,
    summary: str,
    summary_zh: str,
    payload: dict[str, Any],
    actor: str,
) -> None:
    """A history line for a fact the registry keeps to itself (a pool, a service record, an inspection): no
    other service reads it, so no event is published; the line has its own id in place of an event's."""
    await write(
        session,
        (
            _INSERT,
            {
                "history_id": uuid.uuid4(),
                "history_uscc": uscc,
                "history_event_id": uuid.uuid4(),
                "history_event_type": line_type,
                "history_producer": SERVICE_NAME,
                "history_occurred_at": at,
                "history_summary": summary,
                "history_summary_zh": summary_zh,
                "history_payload": payload,
                "history_business_date": on,
                "history_actor": actor,
            },
        ),
    )


def history_insert(*, envelope: Envelope, uscc: str, summary: str, summary_zh: str, actor: str | None = None) -> Write:
    """An event's history line as a row to write (zjtx.common.db.write): alone, or beside the event's
    outbox row; with the date its fact is about and the client that acted, when known."""
    return _INSERT, {
        "history_business_date": business_date(envelope.event_type, envelope.payload),
        "history_actor": actor,
        "history_id": uuid.uuid4(),
        "history_uscc": uscc,
        "history_event_id": envelope.event_id,
        "history_event_type": envelope.event_type,
        "history_producer": envelope.producer,
        "history_occurred_at": envelope.occurred_at,
        "history_summary": summary,
        "history_summary_zh": summary_zh,
        "history_payload": envelope.payload,
    }


_TABLE = HistoryEntry.__table__
# ON CONFLICT: the same event twice (a redelivery, a re-drive) is one line of history.
_INSERT = (
    insert(_TABLE)
    .values(
        {
            c.key: bindparam(f"history_{c.key}", type_=c.type)
            for c in _TABLE.columns
            if c.key not in ("seq", "recorded_at")
        }
    )
    .on_conflict_do_nothing(index_elements=["event_id"])
)


async def list_history(session: AsyncSession, *, uscc: str, limit: int, after: tuple | None) -> list[HistoryEntry]:
    """Oldest first; lines of the same instant in the order they were recorded (`seq`), on every read."""
    query = select(HistoryEntry).where(HistoryEntry.uscc == uscc)
    if after is not None:
        query = query.where(tuple_(HistoryEntry.occurred_at, HistoryEntry.seq) > tuple_(*after))
    query = query.order_by(HistoryEntry.occurred_at, HistoryEntry.seq).limit(limit)
    return list(await session.scalars(query))


# The payload field that dates the fact an event is about, by the event's verb; else the first of
# _DATED that the payload has (a year stands for its last day: a scale report is about the year).
_DATED_BY_VERB = {
    "revoked": "revoked_on",
    "expired": "expires_on",
    "credit_list_removed": "removed_on",
    "disbursed": "paid_on",
    "recovered": "recovered_on",
    "paid": "paid_on",
}
_DATED = (
    "effective_on",
    "moved_in_on",
    "listed_on",
    "recognized_on",
    "reference_date",
    "decided_on",
    "due_on",
    "period_end",
    "registered_on",
    "year",
)


def business_date(event_type: str, payload: dict[str, Any]) -> date | None:
    """The date the event's fact is about, read from its payload; None when it names none."""
    verb = event_type.rsplit(".", 1)[-1]
    keys = (_DATED_BY_VERB[verb], *_DATED) if verb in _DATED_BY_VERB else _DATED
    for key in keys:
        value = payload.get(key)
        if value is None:
            continue
        if key == "year":
            return date(int(value), 12, 31)
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            continue
    return None
