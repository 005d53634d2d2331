"""The inbox itself, on the real broker and PostgreSQL: the throwaway service's consumer adds one to a
counter for every tick event it applies, and the counter has no unique key of its own. So a duplicate
that got past the inbox would show as a second count: only the inbox keeps these counts right. Each
test runs with the batched path (a fetched batch in one transaction) and one event at a time."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime

import pytest
from sqlalchemy import select

from zjtx.common.clock import CHINA
from zjtx.common.kit import handlers_for
from zjtx.common.messaging.consumer import EventConsumer
from zjtx.common.messaging.envelope import Envelope, make_envelope
from zjtx.common.messaging.tables import DeadLetterRow
from zjtx.common.testing.broker import FAST_GROUP, group_caught_up, produce, produce_raw, rewind_group
from zjtx.common.testing.readers import consumed
from zjtx.common.testing.waiting import check, eventually

pytestmark = [pytest.mark.broker]
TOPIC = "throwaway.tick"


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


@pytest.fixture(params=[500, 1], ids=["batched", "one-at-a-time"])
def batch_size(request) -> int:
    return request.param


def tick(name: str) -> Envelope:
    from throwaway_service.events import TICK_RECORDED, Tick

    return make_envelope(
        TICK_RECORDED, key=name, payload=Tick(name=name), producer="throwaway", occurred_at=datetime.now(CHINA)
    )


def consumer_of(committed, bootstrap: str, group: str, batch_size: int, definition) -> EventConsumer:
    return EventConsumer(
        handlers=handlers_for(definition, consumer=group),
        sessions=committed,
        bootstrap_servers=bootstrap,
        max_attempts=2,
        retry_base_seconds=0.01,
        batch_size=batch_size,
        group_timing=FAST_GROUP,
    )


async def run_until(consumer: EventConsumer, condition, *, what: str) -> None:
    stop = asyncio.Event()
    await consumer.start()
    task = asyncio.create_task(consumer.run(stop))
    try:
        await eventually(condition, what=what)
    finally:
        stop.set()
        await task
        await consumer.stop()


async def counts(committed) -> dict[str, int]:
    from throwaway_service.tick.models import Counter

    async with committed() as session:
        return {row.name: row.value for row in await session.scalars(select(Counter))}


async def test_a_redelivered_event_is_counted_once(committed, fresh_broker, service_definition, batch_size):
    first, second = tick("a"), tick("b")
    await produce(fresh_broker.bootstrap_servers, [first, second, first, first])  # `first` sent three times
    group = f"throwaway-{uuid.uuid4().hex[:8]}"
    consumer = consumer_of(committed, fresh_broker.bootstrap_servers, group, batch_size, service_definition)

    await run_until(consumer, check(lambda: consumed(group, "duplicate") >= 2), what="both copies skipped")
    assert (consumed(group, "applied"), consumed(group, "duplicate")) == (2, 2)
    assert await counts(committed) == {"a": 1, "b": 1}


async def test_a_consumer_killed_between_database_commit_and_offset_commit_counts_nothing_twice(
    committed, fresh_broker, service_definition, batch_size
):
    await produce(fresh_broker.bootstrap_servers, [tick("a"), tick("a"), tick("b")])  # three distinct events
    group = f"throwaway-{uuid.uuid4().hex[:8]}"
    first = consumer_of(committed, fresh_broker.bootstrap_servers, group, batch_size, service_definition)
    await first.start()

    async def applied_all() -> bool:
        await first.process_batch(await first.poll(timeout_ms=200))  # the database commits; the offsets never do
        return await counts(committed) == {"a": 2, "b": 1}

    await eventually(applied_all, what="the three events applied by the first consumer")
    await first.stop()  # it dies here

    second = consumer_of(committed, fresh_broker.bootstrap_servers, group, batch_size, service_definition)
    await run_until(second, check(lambda: consumed(group, "duplicate") >= 3), what="the three delivered again")
    assert (consumed(group, "applied"), consumed(group, "duplicate")) == (3, 3)
    assert await counts(committed) == {"a": 2, "b": 1}


async def test_a_group_reset_to_the_earliest_offset_counts_nothing_twice(
    committed, fresh_broker, service_definition, batch_size
):
    await produce(fresh_broker.bootstrap_servers, [tick("a"), tick("b"), tick("a"), tick("c")])
    group = f"throwaway-{uuid.uuid4().hex[:8]}"
    bootstrap = fresh_broker.bootstrap_servers
    await run_until(
        consumer_of(committed, bootstrap, group, batch_size, service_definition),
        lambda: group_caught_up(bootstrap, group, [TOPIC]),
        what="everything applied and committed",
    )
    assert await counts(committed) == {"a": 2, "b": 1, "c": 1}

    await rewind_group(bootstrap, group, [TOPIC])  # as an operator replays a group
    await run_until(
        consumer_of(committed, bootstrap, group, batch_size, service_definition),
        check(lambda: consumed(group, "duplicate") >= 4),
        what="every event read again",
    )
    assert (consumed(group, "applied"), consumed(group, "duplicate")) == (4, 4)
    assert await counts(committed) == {"a": 2, "b": 1, "c": 1}


async def test_an_unknown_event_type_is_skipped_and_counted_and_the_rest_applied(
    committed, fresh_broker, service_definition, batch_size
):
    stranger = Envelope(
        event_type="throwaway.tick.painted",  # of the topic, but no handler knows it
        occurred_at=datetime.now(CHINA),
        producer="elsewhere",
        key="a",
        payload={"colour": "red"},
    )
    await produce_raw(fresh_broker.bootstrap_servers, TOPIC, [(b"a", stranger.to_bytes())])
    await produce(fresh_broker.bootstrap_servers, [tick("a")])
    group = f"throwaway-{uuid.uuid4().hex[:8]}"
    bootstrap = fresh_broker.bootstrap_servers
    await run_until(
        consumer_of(committed, bootstrap, group, batch_size, service_definition),
        lambda: group_caught_up(bootstrap, group, [TOPIC]),
        what="both records done and committed",
    )
    assert (consumed(group, "unknown_type"), consumed(group, "applied")) == (1, 1)
    assert await counts(committed) == {"a": 1}
    assert await dead_letters(committed, group) == []


async def test_what_no_retry_can_apply_is_dead_lettered_at_once_with_its_reason(
    committed, fresh_broker, service_definition, batch_size
):
    later = tick("a").model_copy(update={"event_version": 2})  # a version this consumer does not accept
    broken = tick("b").model_copy(update={"payload": {"name": ["not", "a", "name"]}})  # breaks the contract
    bootstrap = fresh_broker.bootstrap_servers
    await produce_raw(
        bootstrap,
        TOPIC,
        [(b"x", b"{not json"), (b"a", later.to_bytes()), (b"b", broken.to_bytes()), (b"c", tick("c").to_bytes())],
    )
    group = f"throwaway-{uuid.uuid4().hex[:8]}"
    await run_until(
        consumer_of(committed, bootstrap, group, batch_size, service_definition),
        lambda: group_caught_up(bootstrap, group, [TOPIC]),
        what="all four done and committed",
    )
    letters = await dead_letters(committed, group)
    assert [(letter.key, letter.attempts) for letter in letters] == [("a", 1), ("b", 1), ("x", 1)]
    reasons = {letter.key: letter.error for letter in letters}
    assert reasons["x"].startswith("not a valid envelope")
    assert "throwaway.tick.recorded version 2 is not accepted by" in reasons["a"] and "version 1" in reasons["a"]
    assert "payload breaks the contract of <throwaway.tick.recorded v1>" in reasons["b"]
    assert await counts(committed) == {"c": 1}  # the good one behind them is applied


async def dead_letters(committed, group: str) -> list[DeadLetterRow]:
    async with committed() as session:
        query = select(DeadLetterRow).where(DeadLetterRow.consumer == group).order_by(DeadLetterRow.key)
        return list(await session.scalars(query))
