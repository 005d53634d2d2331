"""Writing events: into the outbox, in the caller's transaction (DESIGN: "Outbox")."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.messaging.envelope import Envelope, make_envelope
from zjtx.common.messaging.tables import OutboxRow

# The relay LISTENs on this channel; NOTIFY is delivered only when the writing transaction commits.
OUTBOX_CHANNEL = "zjtx_outbox"


async def add_event(
    session: AsyncSession,
    *,
    event_type: str,
    key: str,
    payload: BaseModel | dict[str, Any],
    producer: str,
    occurred_at: datetime,
    event_version: int = 1,
    correlation_id: uuid.UUID | None = None,
    causation_id: uuid.UUID | None = None,
) -> Envelope:
    """Queue an event for publication; it is sent only if the caller's transaction commits."""
    body = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    envelope = make_envelope(
        event_type=event_type,
        key=key,
        payload=body,
        producer=producer,
        occurred_at=occurred_at,
        event_version=event_version,
        correlation_id=correlation_id,
        causation_id=causation_id,
    )
    await add_envelope(session, envelope)
    return envelope


async def add_envelope(session: AsyncSession, envelope: Envelope) -> None:
    await add_message(
        session,
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
    session.add(OutboxRow(event_id=event_id, topic=topic, key=key, event_type=event_type, body=body))
    await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": OUTBOX_CHANNEL})
