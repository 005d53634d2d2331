"""Helpers for the event-bus tests: raw producers and consumers on the real broker, relays, events."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, datetime
from decimal import Decimal
from functools import partial

from aiokafka import AIOKafkaConsumer

from zjtx.common.clock import CHINA
from zjtx.common.events.awards import AwardEvent
from zjtx.common.messaging.consumer import GroupTiming
from zjtx.common.messaging.envelope import Envelope, make_envelope
from zjtx.common.messaging.kafka import create_producer, ensure_topics
from zjtx.common.messaging.relay import OutboxRelay

# The development broker holds a joining member for about the rebalance timeout: keep tests quick.
FAST_GROUP = GroupTiming(session_timeout_ms=1500, heartbeat_interval_ms=200, rebalance_timeout_ms=500)
FAST_GROUP_KWARGS = {"session_timeout_ms": 1500, "heartbeat_interval_ms": 200, "rebalance_timeout_ms": 500}


def award_event(uscc: str, *, amount: str = "200000.00", verb: str = "computed") -> Envelope:
    payload = AwardEvent(
        award_id=uuid.uuid4(),
        uscc=uscc,
        rule="A1.1",
        amount=Decimal(amount),
        status=verb,
        reference_date=date(2025, 6, 18),
    )
    return make_envelope(
        event_type=f"awards.award.{verb}",
        key=uscc,
        payload=payload.model_dump(mode="json"),
        producer="awards",
        occurred_at=datetime.now(CHINA),
    )


async def produce(bootstrap: str, envelopes: list[Envelope]) -> None:
    """What another service's relay would do: put the events on their topics."""
    await ensure_topics(bootstrap, sorted({e.topic for e in envelopes}), partitions=3, replication_factor=1)
    producer = create_producer(bootstrap, client_id="test-producer")
    await producer.start()
    try:
        for envelope in envelopes:
            await producer.send_and_wait(envelope.topic, key=envelope.key.encode(), value=envelope.to_bytes())
    finally:
        await producer.stop()


async def collect(bootstrap: str, topic: str, *, expected: int, timeout: float = 20.0) -> list[Envelope]:
    """Read a topic from the start with a fresh group until `expected` messages (or the timeout)."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"test-{uuid.uuid4()}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        **FAST_GROUP_KWARGS,
    )
    await consumer.start()
    received: list[Envelope] = []
    try:
        deadline = asyncio.get_running_loop().time() + timeout
        while len(received) < expected and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                received += [Envelope.from_bytes(r.value) for r in records]
    finally:
        await consumer.stop()
    return received


def make_relay(
    sessions,
    bootstrap: str,
    *,
    batch_size: int = 200,
    batches_per_commit: int = 10,
    max_backoff: float = 0.5,
    poll_seconds: float = 0.1,
    listen_dsn: dict | None = None,
) -> OutboxRelay:
    return OutboxRelay(
        sessions=sessions,
        producer_factory=partial(create_producer, bootstrap, client_id="test-relay"),
        listen_dsn=listen_dsn,
        batch_size=batch_size,
        batches_per_commit=batches_per_commit,
        poll_seconds=poll_seconds,
        max_backoff_seconds=max_backoff,
        prepare_topics=partial(ensure_topics, bootstrap, partitions=3, replication_factor=1),
    )


async def wait_until(predicate, *, timeout: float = 20.0, interval: float = 0.1) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        if await predicate():
            return
        await asyncio.sleep(interval)
    raise AssertionError("condition not met in time")
