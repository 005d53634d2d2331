"""1. Outbox relay throughput: 20,000 committed outbox rows sent by the OutboxRelay (built as the
service builds it) until all are marked sent, against a bare producer sending the same messages to
the same broker and awaiting every acknowledgement. Target: relay / bare >= 0.5.

One round takes well under a second, so three rounds are run (fresh rows each) and the medians compared."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import defaultdict
from functools import wraps

from sqlalchemy import text

from bench import events, report
from bench.infra import Infra
from zjtx.common.clock import SystemClock
from zjtx.common.db import create_engine, create_sessionmaker, transaction
from zjtx.common.messaging.kafka import create_producer, ensure_topics
from zjtx.common.messaging.outbox import add_event
from zjtx.common.runtime import build_relay
from zjtx.common.testing.uscc import make_uscc

EVENTS = 20_000
TRANSACTIONS = 4
ROUNDS = 3
TARGET = 0.5


async def run(infra: Infra) -> bool:
    settings = infra.settings()
    engine = create_engine(infra.database_url, pool_size=settings.database_pool_size)
    sessions = create_sessionmaker(engine)
    bare_rounds: list[float] = []
    relay_rounds: list[tuple[float, dict[str, float]]] = []
    try:
        await ensure_topics(
            infra.bootstrap_servers,
            [events.TOPIC],
            partitions=settings.kafka_topic_partitions,
            replication_factor=settings.kafka_replication_factor,
        )
        for _ in range(ROUNDS):
            await fill_outbox(sessions)
            messages = await unsent_messages(sessions)
            bare_rounds.append(await time_bare_producer(infra.bootstrap_servers, messages))
            relay_rounds.append(await time_relay(settings, sessions))
    finally:
        await engine.dispose()

    size = sum(len(body.encode()) for _, _, body in messages) // len(messages)
    report.heading(
        f"1. Outbox relay throughput ({EVENTS:,} events of {size}-byte envelopes, "
        f"batch {settings.relay_batch_size}, median of {ROUNDS} rounds)"
    )
    bare_seconds = statistics.median(bare_rounds)
    relay_seconds, phases = sorted(relay_rounds, key=lambda r: r[0])[ROUNDS // 2]
    report.row("bare producer", f"{EVENTS / bare_seconds:,.0f} msg/s", _rounds(bare_rounds))
    report.row("OutboxRelay", f"{EVENTS / relay_seconds:,.0f} msg/s", _rounds([r[0] for r in relay_rounds]))
    report.row("  relay's time (median)", "", ", ".join(f"{name} {seconds:.2f} s" for name, seconds in phases.items()))
    ratio = bare_seconds / relay_seconds
    return report.verdict("relay / bare", f"{ratio:.2f}", f">= {TARGET}", ratio >= TARGET)


def _rounds(seconds: list[float]) -> str:
    return "(" + ", ".join(f"{s:.2f}" for s in seconds) + " s)"


async def fill_outbox(sessions) -> None:
    """EVENTS registry events committed through add_event in a few big transactions."""
    clock = SystemClock()
    per_transaction = EVENTS // TRANSACTIONS
    for first in range(0, EVENTS, per_transaction):
        async with transaction(sessions) as session:
            for serial in range(first, first + per_transaction):
                await add_event(
                    session,
                    events.EVENT,
                    key=make_uscc(serial),
                    payload=events.snapshot(serial),
                    producer="registry",
                    occurred_at=clock.now(),
                )


async def unsent_messages(sessions) -> list[tuple[str, str, str]]:
    async with sessions() as session:
        rows = await session.execute(text("SELECT topic, key, body FROM outbox WHERE sent_at IS NULL ORDER BY id"))
        return [tuple(row) for row in rows]


async def time_bare_producer(bootstrap_servers: str, messages: list[tuple[str, str, str]]) -> float:
    """Seconds from starting a producer to every message acknowledged (acks=all, like the relay's)."""
    started = time.perf_counter()
    producer = create_producer(bootstrap_servers, client_id="bench-bare")
    await producer.start()
    try:
        futures = [await producer.send(topic, key=key.encode(), value=body.encode()) for topic, key, body in messages]
        await asyncio.gather(*futures)
        return time.perf_counter() - started
    finally:
        await producer.stop()


async def time_relay(settings, sessions) -> tuple[float, dict[str, float]]:
    """Seconds from starting the relay to the last row marked sent, and how long its phases took."""
    relay = build_relay(settings, sessions)
    phases: dict[str, float] = defaultdict(float)
    done = asyncio.Event()
    sent = 0

    def timed(name, method):
        @wraps(method)
        async def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return await method(*args, **kwargs)
            finally:
                phases[name] += time.perf_counter() - started

        return wrapper

    batch = timed("batches", relay.relay_once)

    async def counted_batch() -> int:
        nonlocal sent
        count = await batch()
        phases["count"] += 1
        sent += count
        if sent >= EVENTS:
            done.set()
        return count

    relay.relay_once = counted_batch  # measurement only: the relay's own code runs unchanged
    relay.send = timed("send+acks", relay.send)
    relay.mark_sent = timed("mark sent", relay.mark_sent)

    stop = asyncio.Event()
    started = time.perf_counter()
    task = asyncio.create_task(relay.run(stop))
    await asyncio.wait_for(done.wait(), 120)
    elapsed = time.perf_counter() - started
    stop.set()
    await task
    count = int(phases.pop("count"))
    # A round sends batch after batch and marks one batch sent while the next is in flight, so the
    # phases overlap: they are shown side by side, not subtracted from the round's time.
    return elapsed, {
        f"{count} rounds": phases["batches"],
        "send+acks": phases["send+acks"],
        "mark sent (overlapping sends)": phases["mark sent"],
    }
