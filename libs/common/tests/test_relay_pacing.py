"""The relay's pacing (RELAY_MIN_ROUND_SECONDS): after a round that sent events, the next round begins no
sooner than the pacing after it, however soon a commit wakes the relay; every event still goes, once."""

from __future__ import annotations

import asyncio
import uuid
from functools import partial

import pytest
from sqlalchemy import select

from zjtx.common.db import asyncpg_connect_kwargs
from zjtx.common.messaging.kafka import create_producer, ensure_topics
from zjtx.common.messaging.relay import OutboxRelay
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.broker import PARTITIONS, read_topic
from zjtx.common.testing.waiting import eventually

pytestmark = pytest.mark.broker

TOPIC = "throwaway.paced"
PACING = 0.5  # far above a round's own time, so that what follows a round is the pacing's doing


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


async def _add(sessions, n: int) -> uuid.UUID:
    event_id = uuid.uuid4()
    async with sessions() as session, session.begin():
        session.add(OutboxRow(event_id=event_id, topic=TOPIC, key=f"k{n}", event_type=f"{TOPIC}.done", body=str(n)))
    return event_id


async def _sent_at(sessions, event_id: uuid.UUID):
    async with sessions() as session:
        return await session.scalar(select(OutboxRow.sent_at).where(OutboxRow.event_id == event_id))


async def test_a_commit_right_after_a_round_waits_for_the_pacing_and_then_goes(
    committed, fresh_broker, database_url
) -> None:
    bootstrap = fresh_broker.bootstrap_servers
    relay = OutboxRelay(
        sessions=committed,
        producer_factory=partial(create_producer, bootstrap, client_id="pacing-test"),
        prepare_topics=partial(ensure_topics, bootstrap, partitions=PARTITIONS, replication_factor=1),
        listen_dsn=asyncpg_connect_kwargs(database_url),  # woken by each commit's NOTIFY, as deployed
        min_round_seconds=PACING,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    try:
        first = await _add(committed, 1)
        first_sent = await eventually(partial(_sent_at, committed, first), what="the first event sent")
        second = await _add(committed, 2)  # at once: its NOTIFY wakes the relay well within the pacing
        second_sent = await eventually(partial(_sent_at, committed, second), what="the second event sent")
    finally:
        stop.set()
        await running
    # sent_at is each round's transaction time: the second round began at least the pacing after the
    # first (less the few milliseconds between the first round's start and its transaction's).
    assert (second_sent - first_sent).total_seconds() >= PACING - 0.05
    assert sorted(await read_topic(bootstrap, TOPIC, expected=2)) == [b"1", b"2"]
