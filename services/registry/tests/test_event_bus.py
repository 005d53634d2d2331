"""The event bus under failure, on the real broker and real PostgreSQL, with commits that really
happen: a broker outage, a consumer and a relay that die between their two steps, a poison event,
two relays at once. Each test starts from an empty broker and empty tables."""

from __future__ import annotations

import asyncio
import contextlib
import uuid

import asyncpg
import pytest
from prometheus_client import REGISTRY as REGISTRY_METRICS
from sqlalchemy import func, select

from zjtx.common.db import asyncpg_connect_kwargs
from zjtx.common.kit import create_app, handlers_for
from zjtx.common.messaging.consumer import EventConsumer
from zjtx.common.messaging.envelope import dead_letter_topic
from zjtx.common.messaging.outbox import OUTBOX_CHANNEL, add_envelope, add_event
from zjtx.common.messaging.relay import RELAY_LOCK_KEY
from zjtx.common.messaging.tables import DeadLetterRow, InboxRow, OutboxRow
from zjtx.common.testing.broker import FAST_GROUP, collect, make_relay, produce, read_topic
from zjtx.common.testing.clients import asgi_client
from zjtx.common.testing.readers import consumed
from zjtx.common.testing.waiting import check, eventually
from zjtx.registry.definition import REGISTRY
from zjtx.registry.history.models import HistoryEntry

from .bus import NUMBERED, Numbered, award_event
from .factories import enterprise_body, make_uscc

pytestmark = [pytest.mark.broker, pytest.mark.slow]


async def _count(sessions, model, *where) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)))


def _consumer(sessions, bootstrap, *, name: str | None = None, max_attempts: int = 3) -> EventConsumer:
    return EventConsumer(
        handlers=handlers_for(REGISTRY, consumer=name or f"registry-{uuid.uuid4().hex[:8]}"),
        sessions=sessions,
        bootstrap_servers=bootstrap,
        max_attempts=max_attempts,
        retry_base_seconds=0.01,
        group_timing=FAST_GROUP,
    )


async def _consume_until(consumer: EventConsumer, done, *, timeout: float = 20.0) -> None:
    stop = asyncio.Event()
    await consumer.start()
    task = asyncio.create_task(consumer.run(stop))
    try:
        await eventually(done, timeout=timeout)
    finally:
        stop.set()
        await task
        await consumer.stop()


async def test_writes_succeed_while_the_broker_is_down_and_every_event_arrives_after(
    live_client, keys, committed, fresh_broker
):
    relay = make_relay(committed, fresh_broker.bootstrap_servers)
    stop = asyncio.Event()
    relay_task = asyncio.create_task(relay.run(stop))
    fresh_broker.kill()
    try:
        for serial in range(1, 31):
            response = await live_client.post(
                "/v1/enterprises", json=enterprise_body(serial), headers=keys.headers("writer")
            )
            assert response.status_code == 201, response.text
        failures = _relay_failures()
        await eventually(check(lambda: _relay_failures() >= failures + 2), what="the relay failing twice")
        assert await _count(committed, OutboxRow, OutboxRow.sent_at.is_(None)) == 30  # nothing marked sent
        fresh_broker.start()
        await eventually(lambda: _unsent_is(committed, 0), timeout=30)
    finally:
        stop.set()
        await relay_task
    received = await collect(fresh_broker.bootstrap_servers, "registry.enterprise", expected=30)
    async with committed() as session:
        written = set(await session.scalars(select(OutboxRow.event_id)))
    assert {e.event_id for e in received} == written
    assert {e.payload["uscc"] for e in received} == {make_uscc(s) for s in range(1, 31)}


def _relay_failures() -> float:
    return REGISTRY_METRICS.get_sample_value("zjtx_outbox_send_failures_total") or 0.0


async def _unsent_is(sessions, n: int) -> bool:
    return await _count(sessions, OutboxRow, OutboxRow.sent_at.is_(None)) == n


async def test_consumer_dying_between_db_commit_and_offset_commit_applies_nothing_twice(
    live_client, keys, committed, fresh_broker
):
    uscc = (await live_client.post("/v1/enterprises", json=enterprise_body(40), headers=keys.headers("writer"))).json()[
        "uscc"
    ]
    events = [award_event(uscc, verb=verb) for verb in ("computed", "reviewed", "approved")]
    await produce(fresh_broker.bootstrap_servers, events)
    group = f"registry-{uuid.uuid4().hex[:8]}"

    first = _consumer(committed, fresh_broker.bootstrap_servers, name=group)
    await first.start()
    applied: dict = {}
    for _ in range(50):  # poll until the three events are in and applied
        applied.update(await first.process_batch(await first.poll(timeout_ms=200)))
        if await _count(committed, HistoryEntry, HistoryEntry.producer == "awards") == 3:
            break
    await first.stop()  # dies: the database committed, the offsets never were
    assert await _count(committed, HistoryEntry, HistoryEntry.producer == "awards") == 3

    second = _consumer(committed, fresh_broker.bootstrap_servers, name=group)
    await _consume_until(second, check(lambda: _consumed(group, "duplicate") >= 3))
    assert _consumed(group, "duplicate") == 3  # the same three came again ...
    assert _consumed(group, "applied") == 3  # (all three applied once, by the first consumer)
    assert await _count(committed, HistoryEntry, HistoryEntry.producer == "awards") == 3  # ... and changed nothing
    assert await _count(committed, InboxRow, InboxRow.consumer == group) == 3


def _consumed(consumer: str, outcome: str) -> float:
    """The consumer's own count of events by outcome (its Prometheus counter)."""
    return consumed(consumer, outcome)


async def test_relay_dying_between_send_and_mark_causes_no_second_effect(live_client, keys, committed, fresh_broker):
    uscc = (await live_client.post("/v1/enterprises", json=enterprise_body(50), headers=keys.headers("writer"))).json()[
        "uscc"
    ]
    event = award_event(uscc)
    async with committed() as session, session.begin():
        await add_envelope(session, event)  # as the awards service's outbox would hold it
    relay = make_relay(committed, fresh_broker.bootstrap_servers)
    async with committed() as session:
        rows = (
            await session.execute(
                select(OutboxRow.id, OutboxRow.topic, OutboxRow.key, OutboxRow.body)
                .where(OutboxRow.sent_at.is_(None))
                .order_by(OutboxRow.id)
            )
        ).all()
    await relay.send(rows)  # sent and acknowledged ...
    await relay.close()  # ... and the relay dies before marking anything sent
    assert await _unsent_is(committed, 2)

    second = make_relay(committed, fresh_broker.bootstrap_servers)
    assert await second.relay_once() == 2  # a new relay sends again
    await second.close()
    copies = await collect(fresh_broker.bootstrap_servers, "awards.award", expected=2)
    assert [c.event_id for c in copies] == [event.event_id, event.event_id]

    consumer = _consumer(committed, fresh_broker.bootstrap_servers)
    name = consumer.handlers.consumer
    # Both copies reached the consumer: the first applied, the second skipped as a duplicate.
    await _consume_until(consumer, check(lambda: (_consumed(name, "applied"), _consumed(name, "duplicate")) == (1, 1)))
    assert await _inbox_has(committed, name, 1)
    assert await _count(committed, HistoryEntry, HistoryEntry.event_id == event.event_id) == 1


async def _inbox_has(sessions, consumer: str, n: int) -> bool:
    return await _count(sessions, InboxRow, InboxRow.consumer == consumer) >= n


async def test_poison_event_is_dead_lettered_while_the_rest_flow_and_redrive_works_once_fixed(
    live_client, keys, committed, fresh_broker, settings, clock
):
    known = (
        await live_client.post("/v1/enterprises", json=enterprise_body(60), headers=keys.headers("writer"))
    ).json()["uscc"]
    unknown = make_uscc(61)
    poison = award_event(unknown)  # names an enterprise the registry does not know (yet)
    behind = [award_event(known, verb=v) for v in ("computed", "approved")]
    await produce(fresh_broker.bootstrap_servers, [poison, *behind])  # same partition? keys differ; order is per key

    consumer = _consumer(committed, fresh_broker.bootstrap_servers)
    name = consumer.handlers.consumer
    await _consume_until(consumer, lambda: _dead_and_flowing(committed, name))
    assert await _count(committed, HistoryEntry, HistoryEntry.uscc == known, HistoryEntry.producer == "awards") == 2
    async with committed() as session:
        letter = (await session.scalars(select(DeadLetterRow))).one()
    assert letter.event_id == poison.event_id and letter.attempts == 3 and "EnterpriseNotFound" in letter.error

    # The dead letter also goes, through the outbox, to awards.award.dlq.
    relay = make_relay(committed, fresh_broker.bootstrap_servers)
    assert await relay.relay_once() >= 1
    await relay.close()
    dlq = await read_topic(fresh_broker.bootstrap_servers, dead_letter_topic("awards.award"), expected=1)
    assert len(dlq) == 1 and str(poison.event_id) in dlq[0].decode()

    # Re-drive before the cause is fixed: refused, nothing changes.
    app = create_app(REGISTRY, settings, sessions=committed, clients=keys.store, clock=clock, consumer=name)
    async with asgi_client(app) as admin:
        listed = (await admin.get("/v1/admin/dead-letters", headers=keys.headers("admin"))).json()
        assert [item["event_id"] for item in listed["items"]] == [str(poison.event_id)]
        refused = await admin.post(f"/v1/admin/dead-letters/{letter.id}/redrive", headers=keys.headers("admin"))
        assert (refused.status_code, refused.json()["code"]) == (409, "redrive_failed")
        assert (await admin.get("/v1/admin/dead-letters", headers=keys.headers("writer"))).status_code == 403

        # Fix the cause (register the enterprise), then re-drive: applied once.
        created = await admin.post("/v1/enterprises", json=enterprise_body(61), headers=keys.headers("writer"))
        assert created.status_code == 201
        redriven = await admin.post(f"/v1/admin/dead-letters/{letter.id}/redrive", headers=keys.headers("admin"))
        assert redriven.status_code == 200, redriven.text
        assert redriven.json()["redriven_at"] is not None
        again = await admin.post(f"/v1/admin/dead-letters/{letter.id}/redrive", headers=keys.headers("admin"))
        assert (again.status_code, again.json()["code"]) == (409, "already_redriven")
    assert await _count(committed, HistoryEntry, HistoryEntry.event_id == poison.event_id) == 1


async def _dead_and_flowing(sessions, consumer: str) -> bool:
    return (
        await _count(sessions, DeadLetterRow) == 1
        and await _count(sessions, InboxRow, InboxRow.consumer == consumer) == 2
    )


async def test_two_relays_at_once_lose_nothing_and_keep_per_key_order(committed, fresh_broker, clock):
    keys_, per_key = [make_uscc(70 + k) for k in range(10)], 200
    async with committed() as session, session.begin():
        for seq in range(per_key):
            for key in keys_:
                await add_event(
                    session,
                    NUMBERED,
                    key=key,
                    producer="registry",
                    payload=Numbered(key=key, seq=seq),
                    occurred_at=clock.now(),
                )
    stop = asyncio.Event()
    relays = [make_relay(committed, fresh_broker.bootstrap_servers, batch_size=50) for _ in range(2)]
    tasks = [asyncio.create_task(relay.run(stop)) for relay in relays]
    try:
        await eventually(lambda: _unsent_is(committed, 0), timeout=30)
    finally:
        stop.set()
        for task in tasks:
            with contextlib.suppress(Exception):
                await task
    received = await collect(fresh_broker.bootstrap_servers, NUMBERED.topic, expected=len(keys_) * per_key)
    assert len({e.event_id for e in received}) == len(keys_) * per_key  # nothing lost
    for key in keys_:
        sequence = [e.payload["seq"] for e in received if e.key == key]
        assert sequence == list(range(per_key)), f"order broken for {key}"  # kept, and no duplicates


async def test_a_relay_sends_nothing_while_another_holds_the_relay_lock(committed, fresh_broker, clock, database_url):
    async with committed() as session, session.begin():
        uscc = make_uscc(75)
        await add_event(
            session, NUMBERED, key=uscc, producer="registry", payload=Numbered(key=uscc), occurred_at=clock.now()
        )
    relay = make_relay(committed, fresh_broker.bootstrap_servers)
    sent: list[int] = []
    send = relay.send

    async def recorded(rows) -> None:
        sent.extend(row.id for row in rows)
        await send(rows)

    relay.send = recorded
    other = await asyncpg.connect(**asyncpg_connect_kwargs(database_url))  # as another replica's round
    try:
        async with other.transaction():
            assert await other.fetchval("SELECT pg_try_advisory_xact_lock($1)", RELAY_LOCK_KEY)
            assert await relay.relay_once() == 0
            assert sent == []  # it read no rows, so it sent none
        assert await relay.relay_once() == 1  # the lock is free again
    finally:
        await other.close()
        await relay.close()
    assert await _unsent_is(committed, 0)


async def test_an_event_committed_while_a_batch_is_sent_goes_out_at_once_not_at_the_next_poll(
    committed, fresh_broker, clock, database_url
):
    async def commit_event(serial: int) -> None:
        async with committed() as session, session.begin():
            uscc = make_uscc(serial)
            await add_event(
                session,
                NUMBERED,
                key=uscc,
                producer="registry",
                payload=Numbered(key=uscc),
                occurred_at=clock.now(),
            )

    await commit_event(80)
    relay = make_relay(
        committed,
        fresh_broker.bootstrap_servers,
        poll_seconds=5.0,
        listen_dsn=asyncpg_connect_kwargs(database_url),
    )
    loop = asyncio.get_running_loop()
    second_committed_at: float | None = None
    send = relay.send

    async def send_while_another_commits(rows) -> None:
        nonlocal second_committed_at
        if second_committed_at is None:
            await commit_event(81)
            second_committed_at = loop.time()
            # Its NOTIFY reaches the relay while this batch is still under way.
            await eventually(check(lambda: relay.woken), timeout=5, interval=0.01, what="the commit's NOTIFY")
        await send(rows)

    relay.send = send_while_another_commits
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        await eventually(lambda: _unsent_is(committed, 0), timeout=10, interval=0.02)
        assert second_committed_at is not None
        waited = loop.time() - second_committed_at
    finally:
        stop.set()
        await task
    assert waited < 1.5, f"the second event waited {waited:.2f} s: for the 5 s poll, not for its NOTIFY"
    received = await collect(fresh_broker.bootstrap_servers, NUMBERED.topic, expected=2)
    assert sorted(e.payload["key"] for e in received) == sorted([make_uscc(80), make_uscc(81)])


async def test_a_round_commits_after_its_batch_limit_and_a_refused_batch_unmarks_the_whole_round(
    committed, fresh_broker, clock
):
    async with committed() as session, session.begin():
        for serial in range(30):
            uscc = make_uscc(90 + serial % 3)
            await add_event(
                session,
                NUMBERED,
                key=uscc,
                producer="registry",
                payload=Numbered(key=uscc, seq=serial),
                occurred_at=clock.now(),
            )
    relay = make_relay(committed, fresh_broker.bootstrap_servers, batch_size=5, batches_per_commit=3)
    calls = 0
    send = relay.send

    async def refuse_the_third_batch(rows) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("the broker refused")
        await send(rows)

    relay.send = refuse_the_third_batch
    with pytest.raises(RuntimeError):
        await relay.relay_once()
    assert await _unsent_is(committed, 30)  # batches 1 and 2 went out, yet stay unsent: they go again
    assert await relay.relay_once() == 15  # three batches of five, then a commit
    assert await _unsent_is(committed, 15)
    assert await relay.relay_once() == 15
    assert await relay.relay_once() == 0
    await relay.close()
    received = await collect(fresh_broker.bootstrap_servers, NUMBERED.topic, expected=40)
    for k in range(3):  # per key: the refused round's sends, then every event again, in order
        mine = [serial for serial in range(30) if serial % 3 == k]
        repeated = [serial for serial in mine if serial < 10]
        assert [e.payload["seq"] for e in received if e.key == make_uscc(90 + k)] == repeated + mine


async def test_a_registration_wakes_the_relay_when_it_commits(live_client, keys, database_url):
    # The outbox row is written in the same statement as the enterprise; the outbox's trigger still
    # NOTIFYs the relay's channel, once the transaction commits.
    listener = await asyncpg.connect(**asyncpg_connect_kwargs(database_url))
    notified = asyncio.Event()
    try:
        await listener.add_listener(OUTBOX_CHANNEL, lambda *_: notified.set())
        response = await live_client.post("/v1/enterprises", json=enterprise_body(95), headers=keys.headers("writer"))
        assert response.status_code == 201, response.text
        await asyncio.wait_for(notified.wait(), 2)
    finally:
        await listener.close()
