"""Parking an event a consumer gave up on (DESIGN: "Poison events"): a row in the dead-letter table, a
copy on `<topic>.dlq` through the outbox, and an error line in the log, each with the envelope's trace
(correlation id, causation id, W3C traceparent) so that an operator can follow it back to the act that
started it. A message that was not a readable envelope has no trace: those fields are null."""

from __future__ import annotations

import json
import logging
import uuid

from aiokafka import ConsumerRecord
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.logs import trace_id_from_traceparent
from zjtx.common.messaging.envelope import Envelope, dead_letter_topic
from zjtx.common.messaging.outbox import add_message
from zjtx.common.messaging.tables import DeadLetterRow

log = logging.getLogger("zjtx.common.messaging.consumer")  # the consumer's own logger, as before


def _id(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


async def park(
    session: AsyncSession,
    record: ConsumerRecord,
    *,
    consumer: str,
    event_id: uuid.UUID | None,
    error: str,
    attempts: int,
    envelope: Envelope | None = None,
) -> None:
    """Park the record in the dead-letter table and, through the outbox, on `<topic>.dlq`, in the
    caller's transaction; a record already parked by this consumer (a redelivery) is left as it is."""
    raw = record.value.decode(errors="replace")
    key = record.key.decode(errors="replace") if record.key else ""
    correlation_id = envelope.correlation_id if envelope is not None else None
    causation_id = envelope.causation_id if envelope is not None else None
    traceparent = envelope.traceparent if envelope is not None else None
    trace = {"correlation_id": _id(correlation_id), "causation_id": _id(causation_id), "traceparent": traceparent}
    # In the line's own fields too: the batched path logs outside the event's log context.
    log.error(
        "%s: dead-lettering %s/%d@%d after %d tries (correlation %s, causation %s, traceparent %s): %s",
        consumer,
        record.topic,
        record.partition,
        record.offset,
        attempts,
        trace["correlation_id"],
        trace["causation_id"],
        traceparent,
        error,
        extra={**trace, "trace_id": trace_id_from_traceparent(traceparent)},
    )
    inserted = await session.execute(
        insert(DeadLetterRow)
        .values(
            id=uuid.uuid4(),
            consumer=consumer,
            event_id=event_id,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            key=key,
            raw=raw,
            error=error,
            attempts=attempts,
            correlation_id=correlation_id,
            causation_id=causation_id,
            traceparent=traceparent,
        )
        .on_conflict_do_nothing()
        .returning(DeadLetterRow.id)
    )
    if inserted.first() is None:
        return
    body = {
        "consumer": consumer,
        "error": error,
        "attempts": attempts,
        "topic": record.topic,
        "partition": record.partition,
        "offset": record.offset,
        **trace,
        "event": raw,
    }
    await add_message(
        session,
        topic=dead_letter_topic(record.topic),
        key=key,
        event_id=uuid.uuid4(),
        event_type="dead_letter",
        body=json.dumps(body),
    )
