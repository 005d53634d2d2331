"""Writing events: into the outbox, in the caller's transaction (DESIGN: "Outbox")."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Text, Uuid, bindparam, insert, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import Write, unnest_rows, write
from zjtx.common.events import EventContract
from zjtx.common.messaging.envelope import Envelope, make_envelope
from zjtx.common.messaging.tables import OutboxRow

# The relay LISTENs on this channel. The outbox's trigger (messaging.triggers) NOTIFYs it; PostgreSQL
# delivers that only when the writing transaction commits.
OUTBOX_CHANNEL = "zjtx_outbox"


async def add_event(
    session: AsyncSession,
    contract: EventContract[Any],
    *,
    key: str,
    payload: BaseModel,
    producer: str,
    occurred_at: datetime,
    correlation_id: uuid.UUID | None = None,
    causation_id: uuid.UUID | None = None,
    traceparent: str | None = None,
) -> Envelope:
    """Queue an event of a declared contract for publication; it is sent only if the caller's
    transaction commits."""
    envelope = make_envelope(
        contract,
        key=key,
        payload=payload,
        producer=producer,
        occurred_at=occurred_at,
        correlation_id=correlation_id,
        causation_id=causation_id,
        traceparent=traceparent,
    )
    await add_envelope(session, envelope)
    return envelope


async def add_envelope(session: AsyncSession, envelope: Envelope) -> None:
    await write(session, outbox_insert(envelope))


def outbox_insert(envelope: Envelope) -> Write:
    """An envelope's outbox row as a row to write (zjtx.common.db.write): alone, or in the statement
    that writes what the event is about."""
    return message_insert(
        topic=envelope.topic,
        key=envelope.key,
        event_id=envelope.event_id,
        event_type=envelope.event_type,
        body=envelope.model_dump_json(),
    )


async def add_message(
    session: AsyncSession, *, topic: str, key: str, event_id: uuid.UUID, event_type: str, body: str
) -> None:
    """Queue any message (an event, a dead letter) for the relay."""
    await write(session, message_insert(topic=topic, key=key, event_id=event_id, event_type=event_type, body=body))


def outbox_insert_many(envelopes: Sequence[Envelope]) -> Write:
    """Many envelopes' outbox rows as one row to write (zjtx.common.db.write), in the order given."""
    return _INSERT_MANY, {
        "outbox_rows_event_id": [e.event_id for e in envelopes],
        "outbox_rows_topic": [e.topic for e in envelopes],
        "outbox_rows_key": [e.key for e in envelopes],
        "outbox_rows_event_type": [e.event_type for e in envelopes],
        "outbox_rows_body": [e.model_dump_json() for e in envelopes],
    }


def message_insert(*, topic: str, key: str, event_id: uuid.UUID, event_type: str, body: str) -> Write:
    # Rows get their ids, and so their order, in the order they are written.
    return _INSERT, {
        "outbox_event_id": event_id,
        "outbox_topic": topic,
        "outbox_key": key,
        "outbox_event_type": event_type,
        "outbox_body": body,
    }


_TABLE = OutboxRow.__table__
# Every column with a value of ours is given here: Python-side defaults are not applied in a CTE.
_INSERT = insert(_TABLE).values(
    {c: bindparam(f"outbox_{c}", type_=_TABLE.c[c].type) for c in ("event_id", "topic", "key", "event_type", "body")}
    | {"attempts": 0}
)

_ROWS = unnest_rows(
    "outbox_rows", {"event_id": Uuid(), "topic": Text(), "key": Text(), "event_type": Text(), "body": Text()}
)
# Rows get their ids, and so their order, in the order of the list.
_INSERT_MANY = insert(_TABLE).from_select(
    ["event_id", "topic", "key", "event_type", "body", "attempts"],
    select(
        _ROWS.c.event_id, _ROWS.c.topic, _ROWS.c.key, _ROWS.c.event_type, _ROWS.c.body, literal_column("0")
    ).order_by(_ROWS.c.n),
)
