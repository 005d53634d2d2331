"""5. Awards computed per second: a burst of 20,000 `registry.recognition.granted` events (municipal
专精特新, each a distinct enterprise) already on the broker, consumed by the awards EventConsumer (the
handlers the service binds, the service's settings) into the awards database: read model, rule A1.1,
award with its F.1 split, audit row, outbox event and inbox row; the awards relay runs beside it in
the same process, as in the service, on the service's runtime (bench.__main__: uvloop, the collector
tuned).

Baseline, in the same run: a bare durable consumer of the same records, an aiokafka consumer with
EventConsumer's fetch settings that inserts one row per record into PostgreSQL and commits once per
fetched batch: the limit of a durable effect on this machine. Targets: the EventConsumer with a handler
that does nothing (inbox and transaction only) at least 0.5 of the baseline; the awards consumer at
least 0.2 of it. The bare consumer that reads and does nothing is printed for reference.

The read model holds the 20,000 enterprises before the burst, as their `registered` events left it.
Group joins are not timed: the bare clock starts at its first fetch, the EventConsumers' at their first
record; each stops at the last record done."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import time
import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from bench import events, report
from bench.infra import VAR, Infra
from zjtx.awards.award.models import Award
from zjtx.awards.definition import AWARDS
from zjtx.awards.readmodel.models import EnterpriseView
from zjtx.common.clock import CHINA
from zjtx.common.db import asyncpg_connect_kwargs, create_engine, create_sessionmaker, drop_database, ensure_database
from zjtx.common.db import with_database as database_url
from zjtx.common.devstack.broker import TansuBroker, free_port
from zjtx.common.events import awards as award_events
from zjtx.common.events import registry as registry_events
from zjtx.common.kit import handlers_for
from zjtx.common.messaging.consumer import EventConsumer, EventHandlers, GroupTiming
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.messaging.kafka import create_producer, ensure_topics
from zjtx.common.messaging.tables import InboxRow, OutboxRow
from zjtx.common.migrations import migrate_async
from zjtx.common.runtime import build_relay
from zjtx.common.settings import ServiceSettings
from zjtx.common.testing.uscc import make_uscc

EVENTS = 20_000
NOOP_TARGET = 0.5
AWARDS_TARGET = 0.2
TOPIC = registry_events.RECOGNITION_GRANTED.topic
AWARD_FEN = 200_000_00  # A1.1: a new municipal recognition, 200,000.00 each


@contextlib.asynccontextmanager
async def awards_database(infra: Infra, *, migrated: bool = True) -> AsyncIterator[str]:
    """A fresh database for the awards service on the benchmark's server, dropped afterwards."""
    name = f"zjtx_bench_awards_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    await ensure_database(infra.server_url, name)
    url = database_url(infra.server_url, name)
    try:
        if migrated:
            await migrate_async(AWARDS.schema, url)
        yield url
    finally:
        await drop_database(infra.server_url, name)


def awards_settings(infra: Infra, url: str) -> ServiceSettings:
    return AWARDS.settings_class()(database_url=url, kafka_bootstrap_servers=infra.bootstrap_servers)


async def run(infra: Infra) -> bool:
    # A broker of its own: the awards consumer reads every registry topic, which the benchmarks before it
    # have filled on the shared broker, and those records must not count as (or compete with) the burst.
    with TansuBroker(free_port(), log_path=VAR / "bench-awards-broker.log") as broker:
        return await _run(dataclasses.replace(infra, bootstrap_servers=broker.bootstrap_servers))


async def _run(infra: Infra) -> bool:
    async with awards_database(infra) as url:
        settings = awards_settings(infra, url)
        engine = create_engine(url, pool_size=settings.database_pool_size)
        sessions = create_sessionmaker(engine)
        try:
            topics = [*registry_events.TOPICS, award_events.TOPIC]
            await ensure_topics(
                infra.bootstrap_servers,
                topics,
                partitions=settings.kafka_topic_partitions,
                replication_factor=settings.kafka_replication_factor,
            )
            await fill_read_model(sessions)
            size = await produce_grants(infra.bootstrap_servers)
            bare_seconds = await time_bare_consumer(settings)
            durable_seconds = await time_durable_consumer(settings)
            pipelined_seconds = await time_durable_consumer(settings, pipelined=True)
            noop_seconds, _ = await time_event_consumer(settings, sessions, noop_handlers())
            awards_handlers = handlers_for(AWARDS)
            awards_seconds, backlog = await time_event_consumer(settings, sessions, awards_handlers)
            awards, total_fen, inbox = await outcome(sessions, awards_handlers.consumer)
        finally:
            await engine.dispose()

    report.heading(
        f"5. Awards computed from a burst of {EVENTS:,} recognition events ({size}-byte envelopes, "
        f"{settings.kafka_topic_partitions} partitions)"
    )
    bare_rate, durable_rate = EVENTS / bare_seconds, EVENTS / durable_seconds
    pipelined_rate = EVENTS / pipelined_seconds
    noop_rate, awards_rate = EVENTS / noop_seconds, awards / awards_seconds
    report.row("bare consume", f"{bare_rate:,.0f} msg/s", f"({bare_seconds:.2f} s; reads, does nothing; reference)")
    report.row(
        "durable bare consume",
        f"{durable_rate:,.0f} msg/s",
        f"({durable_seconds:.2f} s; one INSERT per record, a commit per fetched batch; the baseline)",
    )
    report.row(
        "  the same, pipelined",
        f"{pipelined_rate:,.0f} msg/s",
        f"({pipelined_seconds:.2f} s; the batch's INSERTs sent together; reference)",
    )
    report.row("EventConsumer, no-op", f"{noop_rate:,.0f} msg/s", f"({noop_seconds:.2f} s; inbox and transaction)")
    report.row(
        "awards EventConsumer",
        f"{awards_rate:,.0f} awards/s",
        f"({awards_seconds:.2f} s; relay ran alongside, {backlog:,} award events unsent at the end)",
    )
    correct = awards == inbox == EVENTS and total_fen == EVENTS * AWARD_FEN
    report.row(
        "  awards stored",
        f"{awards:,}",
        f"total {total_fen / 100:,.2f} yuan, {inbox:,} inbox rows{'' if correct else '   WRONG'}",
    )
    noop_ratio, awards_ratio = noop_rate / durable_rate, awards_rate / durable_rate
    noop_passed = report.verdict("no-op / durable", f"{noop_ratio:.2f}", f">= {NOOP_TARGET}", noop_ratio >= NOOP_TARGET)
    awards_passed = report.verdict(
        "awards / durable", f"{awards_ratio:.2f}", f">= {AWARDS_TARGET}", awards_ratio >= AWARDS_TARGET and correct
    )
    return noop_passed and awards_passed


async def fill_read_model(sessions) -> None:
    """The enterprises as their `registered` events left the awards read model."""
    rows = []
    for serial in range(EVENTS):
        snapshot = events.snapshot(serial)
        rows.append(
            {
                "uscc": snapshot.uscc,
                "name": snapshot.name,
                "district_code": snapshot.district_code,
                "sector": snapshot.sector,
                "cluster": snapshot.cluster,
                "size_class": snapshot.size_class,
                "is_sme": snapshot.is_sme,
            }
        )
    async with sessions() as session, session.begin():
        for first in range(0, EVENTS, 5_000):
            await session.execute(insert(EnterpriseView), rows[first : first + 5_000])


def grant(serial: int) -> bytes:
    uscc = make_uscc(serial)
    payload = registry_events.RecognitionEvent(
        recognition_id=uuid.uuid4(),
        uscc=uscc,
        tier="municipal_zjtx",
        document_no="呼工信发〔2024〕37号",
        recognized_on=date(2024, 6, 18),
        expires_on=date(2027, 6, 18),
        renewal=False,
        held_tier_before=False,
        status="valid",
        district_code="150105",
    )
    envelope = make_envelope(
        registry_events.RECOGNITION_GRANTED,
        key=uscc,
        producer="registry",
        payload=payload,
        occurred_at=datetime.now(CHINA),
    )
    return envelope.to_bytes()


async def produce_grants(bootstrap_servers: str) -> int:
    """Put the burst on the broker, as the registry's relay would have; the mean envelope size."""
    bodies = [(make_uscc(serial).encode(), grant(serial)) for serial in range(EVENTS)]
    producer = create_producer(bootstrap_servers, client_id="bench-awards-burst")
    await producer.start()
    try:
        futures = [await producer.send(TOPIC, key=key, value=value) for key, value in bodies]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return sum(len(value) for _, value in bodies) // EVENTS


async def time_bare_consumer(settings: ServiceSettings, on_batch=None) -> float:
    """Seconds from the first fetch to the last record, reading every partition from the start with
    EventConsumer's fetch settings and handing each fetched batch to `on_batch` (nothing by default).
    Partitions are assigned, not joined as a group, so the broker's group join (about a rebalance
    timeout) is not in the figure."""
    fetch = {"fetch_max_wait_ms": GroupTiming.from_settings(settings).fetch_max_wait_ms}
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        enable_auto_commit=False,
        max_poll_records=settings.consumer_batch_size,
        **fetch,
    )
    await consumer.start()
    try:
        await consumer.topics()  # the cluster's metadata, so the topic's partitions are known
        partitions = [TopicPartition(TOPIC, p) for p in sorted(consumer.partitions_for_topic(TOPIC) or ())]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        for partition in partitions:  # resolve the start offsets now, not inside the timed loop
            await consumer.position(partition)
        seen, started = 0, time.perf_counter()
        while seen < EVENTS and time.perf_counter() - started < 120:
            batch = await consumer.getmany(timeout_ms=200)
            records = [record for partition_records in batch.values() for record in partition_records]
            if records and on_batch is not None:
                await on_batch(records)
            seen += len(records)
        if seen < EVENTS:
            raise RuntimeError(f"the bare consumer read {seen:,} of {EVENTS:,} messages")
        return time.perf_counter() - started
    finally:
        await consumer.stop()


DURABLE_TABLE = (
    "CREATE TABLE bench_durable_{suffix} (partition int, record_offset bigint, key text, body text, "
    "PRIMARY KEY (partition, record_offset))"
)
DURABLE_INSERT = "INSERT INTO bench_durable_{suffix} VALUES ($1, $2, $3, $4)"


async def time_durable_consumer(settings: ServiceSettings, *, pipelined: bool = False) -> float:
    """The baseline: the bare consumer, inserting one row per record (one INSERT statement each) and
    committing once per fetched batch, on a connection of its own. `pipelined` sends a batch's INSERTs
    together (asyncpg's executemany) instead of one round trip each: a reference, not the baseline."""
    connection = await asyncpg.connect(**asyncpg_connect_kwargs(settings.database_url))
    await connection.execute(DURABLE_TABLE.format(suffix="pipelined" if pipelined else "single"))
    insert = DURABLE_INSERT.format(suffix="pipelined" if pipelined else "single")

    async def insert_batch(records) -> None:
        rows = [(r.partition, r.offset, r.key.decode(), r.value.decode()) for r in records]
        async with connection.transaction():
            if pipelined:
                await connection.executemany(insert, rows)
            else:
                for row in rows:
                    await connection.execute(insert, *row)

    try:
        return await time_bare_consumer(settings, insert_batch)
    finally:
        await connection.close()


def noop_handlers() -> EventHandlers:
    async def nothing(session, event) -> None:
        return None

    return EventHandlers("bench-noop", {registry_events.RECOGNITION_GRANTED: nothing})


async def time_event_consumer(settings: ServiceSettings, sessions, handlers: EventHandlers) -> tuple[float, int]:
    """Seconds from the first record taken up to the last one committed to PostgreSQL, and the events
    still in the outbox at that moment (the relay runs alongside, as in the service)."""
    consumer = EventConsumer(
        handlers=handlers,
        sessions=sessions,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        max_attempts=settings.consumer_max_attempts,
        retry_base_seconds=settings.consumer_retry_base_seconds,
        batch_size=settings.consumer_batch_size,
        group_timing=GroupTiming.from_settings(settings),
    )
    process_batch = consumer.process_batch
    done = asyncio.Event()
    clock = {"first": 0.0, "last": 0.0, "count": 0}

    async def timed(batch, *, stop=None):  # measurement only: the consumer's own code runs unchanged
        if not clock["count"] and any(batch.values()):
            clock["first"] = time.perf_counter()
        finished = await process_batch(batch, stop=stop)
        clock["count"] += sum(1 for p, records in batch.items() for r in records if r.offset < finished.get(p, -1))
        clock["last"] = time.perf_counter()
        if clock["count"] >= EVENTS:
            done.set()
        return finished

    consumer.process_batch = timed
    stop = asyncio.Event()
    await consumer.start()
    tasks = [asyncio.create_task(consumer.run(stop)), asyncio.create_task(build_relay(settings, sessions).run(stop))]
    try:
        await asyncio.wait_for(done.wait(), 300)
        backlog = await unsent(sessions)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await consumer.stop()
    return clock["last"] - clock["first"], backlog


async def unsent(sessions) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.sent_at.is_(None))))


async def outcome(sessions, consumer: str) -> tuple[int, int, int]:
    """Awards stored, their total in fen, and inbox rows: what the burst left behind."""
    async with sessions() as session:
        totals = select(func.count(Award.id), func.coalesce(func.sum(Award.amount_fen), 0))
        awards, total = (await session.execute(totals)).one()
        inbox = await session.scalar(select(func.count()).select_from(InboxRow).where(InboxRow.consumer == consumer))
    return int(awards), int(total), int(inbox or 0)
