"""The development broker restarted (emptied: it keeps everything in memory) under a running relay and a
running consumer: the relay notices that the broker forgot what it had acknowledged and sends again the
outbox rows it keeps, in order; the consumer notices that the broker forgot its offsets and reads its
partitions again from the beginning. Every event's effect is there once and each key's events were
applied in order. And a healthy broker never makes the relay send anything again nor the consumer
read anything again.

The effect is the throwaway service's counter, which has no unique key of its own: one row per event,
added one to by each application, so only the inbox keeps it at one. Each key's last applied sequence
number is kept in a row of the same table, in the effect's transaction; an event applied out of turn
adds one to the key's `out-of-order:` row."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from functools import partial

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from zjtx.common.clock import CHINA
from zjtx.common.messaging import add_event
from zjtx.common.messaging.consumer import EventConsumer, EventHandlers
from zjtx.common.messaging.kafka import LogEnds, create_producer, ensure_topics
from zjtx.common.messaging.relay import OutboxRelay
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.broker import FAST_GROUP, PARTITIONS
from zjtx.common.testing.waiting import eventually

pytestmark = [pytest.mark.broker, pytest.mark.slow]

KEYS = [f"k{n}" for n in range(8)]


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


def relay_for(sessions, bootstrap: str, *, check_seconds: float) -> OutboxRelay:
    """As a service's process makes it (zjtx.common.runtime.build_relay), quicker to look and to retry."""
    return OutboxRelay(
        sessions=sessions,
        producer_factory=partial(create_producer, bootstrap, client_id="restart-test-relay"),
        batch_size=20,
        poll_seconds=0.1,
        max_backoff_seconds=0.5,
        prepare_topics=partial(ensure_topics, bootstrap, partitions=PARTITIONS, replication_factor=1),
        retention=timedelta(days=7),
        log_ends=LogEnds(bootstrap),
        check_seconds=check_seconds,
    )


def counting_consumer(
    sessions, bootstrap: str, *, check_seconds: float, held: set[str], released: asyncio.Event
) -> EventConsumer:
    """Applies `throwaway.tick.recorded` events named `<key>#<sequence>`: one added to the event's own
    counter row, the key's last sequence number moved on, and a miss counted when it is not the next.
    An event whose name is in `held` waits until `released` is set (a consumer behind its producer)."""
    from throwaway_service.events import TICK_RECORDED
    from throwaway_service.tick.models import Counter

    async def add(session, name: str, value: int, *, replace: bool = False) -> None:
        statement = insert(Counter).values(name=name, value=value)
        new_value = statement.excluded.value if replace else Counter.value + value
        await session.execute(statement.on_conflict_do_update(index_elements=["name"], set_={"value": new_value}))

    async def apply(session, event) -> None:
        key, sequence = event.payload.name.split("#")
        if event.payload.name in held:
            await released.wait()
        await add(session, event.payload.name, 1)
        last = await session.scalar(select(Counter.value).where(Counter.name == f"last:{key}")) or 0
        if int(sequence) != last + 1:
            await add(session, f"out-of-order:{key}", 1)
        await add(session, f"last:{key}", int(sequence), replace=True)

    return EventConsumer(
        handlers=EventHandlers("restart-test", {TICK_RECORDED: apply}),
        sessions=sessions,
        bootstrap_servers=bootstrap,
        max_attempts=2,
        retry_base_seconds=0.01,
        batch_size=50,
        group_timing=FAST_GROUP,
        check_seconds=check_seconds,
    )


async def write(sessions, sequences: range) -> list[str]:
    """Ticks `<key>#<n>` for every key and each n of `sequences`, one transaction per n; their names."""
    from throwaway_service.events import TICK_RECORDED, Tick

    names = []
    for n in sequences:
        async with sessions() as session, session.begin():
            for key in KEYS:
                name = f"{key}#{n}"
                names.append(name)
                await add_event(
                    session,
                    TICK_RECORDED,
                    key=key,
                    payload=Tick(name=name),
                    producer="throwaway",
                    occurred_at=datetime.now(CHINA),
                )
    return names


async def counters(sessions) -> dict[str, int]:
    from throwaway_service.tick.models import Counter

    async with sessions() as session:
        return {row.name: row.value for row in await session.scalars(select(Counter))}


async def unsent(sessions) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.sent_at.is_(None))))


def sent() -> float:
    """The rows the relays of this process have had acknowledged, in all."""
    return REGISTRY.get_sample_value("zjtx_outbox_sent_total") or 0.0


class Running:
    """A relay and a consumer running as a service's process runs them, until stopped."""

    def __init__(self, relay: OutboxRelay, consumer: EventConsumer) -> None:
        self.relay, self.consumer = relay, consumer
        self.stop = asyncio.Event()
        self.tasks: list[asyncio.Task] = []

    async def __aenter__(self) -> Running:
        await self.consumer.start()
        self.tasks = [
            asyncio.create_task(self.relay.run(self.stop)),
            asyncio.create_task(self.consumer.run(self.stop)),
        ]
        return self

    async def __aexit__(self, *exc) -> None:
        self.stop.set()
        results = await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.consumer.stop()
        await self.relay.close()
        failures = [r for r in results if isinstance(r, BaseException)]
        assert not failures, failures


def applied(sessions, names: list[str]):
    async def probe() -> bool:
        found = await counters(sessions)
        return all(name in found for name in names)

    return probe


async def test_the_broker_emptied_under_a_running_relay_and_consumer_loses_and_doubles_nothing(
    committed, fresh_broker, service_definition
):
    bootstrap = fresh_broker.bootstrap_servers
    first = await write(committed, range(1, 6))  # consumed before the restart
    second_sequences = range(6, 16)
    held = {f"{key}#{n}" for key in KEYS for n in second_sequences}  # unconsumed at the restart
    released = asyncio.Event()
    consumer = counting_consumer(committed, bootstrap, check_seconds=1.0, held=held, released=released)
    relay = relay_for(committed, bootstrap, check_seconds=1.0)
    async with Running(relay, consumer):
        await eventually(applied(committed, first), timeout=60, what="the first events applied")
        second = await write(committed, second_sequences)

        async def all_relayed() -> bool:
            return await unsent(committed) == 0

        await eventually(all_relayed, timeout=60, what="the second events relayed")
        before = await counters(committed)
        assert not any(name in before for name in second), "applied already: nothing left to lose"
        fresh_broker.kill()  # memory only: it starts again holding nothing, under the running services
        fresh_broker.start()
        released.set()  # the consumer goes on with the batch it held, into logs that started again
        third = await write(committed, range(16, 21))

        everything = first + second + third
        await eventually(applied(committed, everything), timeout=90, what="every event applied")
        await eventually(all_relayed, timeout=60, what="everything relayed")
        assert relay.sent_again > 0  # it noticed, while running, that the broker forgot
        assert consumer.rewinds > 0

    found = await counters(committed)
    assert {name: found[name] for name in everything} == dict.fromkeys(everything, 1)  # each effect once
    assert {name: value for name, value in found.items() if name.startswith("out-of-order:")} == {}
    assert {key: found[f"last:{key}"] for key in KEYS} == dict.fromkeys(KEYS, 20)


async def test_a_healthy_broker_never_makes_the_relay_send_again_nor_the_consumer_read_again(
    committed, fresh_broker, service_definition
):
    bootstrap = fresh_broker.bootstrap_servers
    released = asyncio.Event()
    released.set()
    consumer = counting_consumer(committed, bootstrap, check_seconds=0.1, held=set(), released=released)
    relay = relay_for(committed, bootstrap, check_seconds=0.1)
    names: list[str] = []
    sent_before = sent()
    async with Running(relay, consumer):
        for wave in range(5):
            names += await write(committed, range(wave * 4 + 1, wave * 4 + 5))
            await eventually(applied(committed, names), timeout=60, what=f"wave {wave} applied")
        looked = relay.looks

        async def looked_again() -> bool:  # the relay looks every 0.1 s: a few more looks, idle
            return relay.looks >= looked + 5

        await eventually(looked_again, what="the relay looking at the broker while idle")
        checked = consumer.checks

        async def consumer_checked_again() -> bool:  # the consumer asks every 0.1 s, idle or not
            return consumer.checks >= checked + 5

        await eventually(consumer_checked_again, what="the consumer asking for its offsets while idle")

    assert relay.looks > 5 and consumer.checks > 5
    assert relay.sent_again == 0
    assert consumer.rewinds == 0
    assert sent() - sent_before == len(names)  # each row sent once
    found = await counters(committed)
    assert {name: found[name] for name in names} == dict.fromkeys(names, 1)
    assert not [name for name in found if name.startswith("out-of-order:")]


async def test_log_ends_of_a_topic_the_broker_does_not_have_are_none(fresh_broker):
    ends = LogEnds(fresh_broker.bootstrap_servers)
    try:
        assert await ends([f"absent-{uuid.uuid4().hex[:8]}"]) == {}
    finally:
        await ends.close()
