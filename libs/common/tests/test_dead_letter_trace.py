"""A dead letter keeps the trace of the event it parks (correlation id, causation id, W3C traceparent):
in its row, in the admin API's answer, in the copy on `<topic>.dlq` and in the log line. On the real
broker and PostgreSQL, with the batched path (a fetched batch in one transaction) and one event at a time."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from datetime import datetime

import pytest
from sqlalchemy import select

from zjtx.common.clock import CHINA
from zjtx.common.kit import handlers_for
from zjtx.common.messaging.consumer import EventConsumer, EventHandlers
from zjtx.common.messaging.envelope import Envelope, make_envelope
from zjtx.common.messaging.tables import DeadLetterRow, OutboxRow
from zjtx.common.testing.broker import FAST_GROUP, group_caught_up, produce_raw
from zjtx.common.testing.waiting import eventually

pytestmark = [pytest.mark.broker]
TOPIC = "throwaway.tick"
CORRELATION = uuid.UUID("5f0c6a52-8d7e-4c1b-9a43-2b6f1d0e7c91")
CAUSATION = uuid.UUID("0b1e7d2c-3a4f-4e5d-8c6b-7a9f1e2d3c4b")
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


@pytest.fixture(params=[500, 1], ids=["batched", "one-at-a-time"])
def batch_size(request) -> int:
    return request.param


def traced_tick(name: str, **changes) -> Envelope:
    from throwaway_service.events import TICK_RECORDED, Tick

    envelope = make_envelope(
        TICK_RECORDED,
        key=name,
        payload=Tick(name=name),
        producer="throwaway",
        occurred_at=datetime.now(CHINA),
        correlation_id=CORRELATION,
        causation_id=CAUSATION,
        traceparent=TRACEPARENT,
    )
    return envelope.model_copy(update=changes)


async def consume_all(committed, bootstrap: str, handlers: EventHandlers, batch_size: int) -> None:
    consumer = EventConsumer(
        handlers=handlers,
        sessions=committed,
        bootstrap_servers=bootstrap,
        max_attempts=2,
        retry_base_seconds=0.01,
        batch_size=batch_size,
        group_timing=FAST_GROUP,
    )
    stop = asyncio.Event()
    await consumer.start()
    task = asyncio.create_task(consumer.run(stop))
    try:
        await eventually(lambda: group_caught_up(bootstrap, handlers.consumer, [TOPIC]), what="all done and committed")
    finally:
        stop.set()
        await task
        await consumer.stop()


async def parked(committed, consumer: str) -> dict[str, DeadLetterRow]:
    async with committed() as session:
        rows = await session.scalars(select(DeadLetterRow).where(DeadLetterRow.consumer == consumer))
        return {row.key: row for row in rows}


async def dlq_copies(committed) -> dict[str, dict]:
    async with committed() as session:
        bodies = await session.scalars(select(OutboxRow.body).where(OutboxRow.topic == f"{TOPIC}.dlq"))
        return {json.loads(body)["event"]: json.loads(body) for body in bodies}


def trace_of(item) -> tuple:
    if isinstance(item, dict):
        return (item["correlation_id"], item["causation_id"], item["traceparent"])
    return (item.correlation_id, item.causation_id, item.traceparent)


EXPECTED = (CORRELATION, CAUSATION, TRACEPARENT)
EXPECTED_TEXT = (str(CORRELATION), str(CAUSATION), TRACEPARENT)


async def test_a_poisoned_event_is_parked_with_its_trace_and_an_unreadable_one_without(
    committed, fresh_broker, service_definition, batch_size, live_client, keys, caplog
):
    later = traced_tick("a", event_version=2)  # a version this consumer does not accept: poison
    bootstrap = fresh_broker.bootstrap_servers
    await produce_raw(bootstrap, TOPIC, [(b"a", later.to_bytes()), (b"x", b"{not json")])
    group = f"throwaway-{uuid.uuid4().hex[:8]}"
    with caplog.at_level(logging.ERROR, logger="zjtx.common.messaging.consumer"):
        await consume_all(committed, bootstrap, handlers_for(service_definition, consumer=group), batch_size)

    letters = await parked(committed, group)
    assert set(letters) == {"a", "x"}
    assert trace_of(letters["a"]) == EXPECTED
    assert trace_of(letters["x"]) == (None, None, None)  # not an envelope: no trace to keep

    listed = await live_client.get("/v1/admin/dead-letters", headers=keys.headers("admin"))
    by_key = {item["key"]: item for item in listed.json()["items"]}
    assert trace_of(by_key["a"]) == EXPECTED_TEXT
    assert trace_of(by_key["x"]) == (None, None, None)

    copies = await dlq_copies(committed)
    assert trace_of(copies[letters["a"].raw]) == EXPECTED_TEXT
    assert trace_of(copies["{not json"]) == (None, None, None)

    [line] = [r for r in caplog.records if "dead-lettering" in r.getMessage() and r.__dict__.get("traceparent")]
    assert (line.correlation_id, line.causation_id, line.traceparent, line.trace_id) == (*EXPECTED_TEXT, TRACE_ID)
    assert str(CORRELATION) in line.getMessage() and TRACEPARENT in line.getMessage()


async def test_an_event_that_fails_every_try_is_parked_with_its_trace(
    committed, fresh_broker, service_definition, batch_size, caplog
):
    from throwaway_service.events import TICK_RECORDED

    async def refuse(session, event) -> None:
        raise RuntimeError("the effect fails every time")

    group = f"throwaway-{uuid.uuid4().hex[:8]}"
    bootstrap = fresh_broker.bootstrap_servers
    event = traced_tick("b")
    await produce_raw(bootstrap, TOPIC, [(b"b", event.to_bytes())])
    with caplog.at_level(logging.ERROR, logger="zjtx.common.messaging.consumer"):
        await consume_all(committed, bootstrap, EventHandlers(group, {TICK_RECORDED: refuse}), batch_size)

    letter = (await parked(committed, group))["b"]
    assert (letter.event_id, letter.attempts, *trace_of(letter)) == (event.event_id, 2, *EXPECTED)
    assert trace_of((await dlq_copies(committed))[letter.raw]) == EXPECTED_TEXT
    [line] = [r for r in caplog.records if "dead-lettering" in r.getMessage()]
    assert (line.correlation_id, line.causation_id, line.traceparent, line.trace_id) == (*EXPECTED_TEXT, TRACE_ID)
