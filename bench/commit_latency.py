"""3. Commit-to-consumer latency at 500 events/s for 10 s: a writer commits one registry event every
2 ms through add_event, each in its own transaction, while the relay (LISTEN/NOTIFY wake-up) runs in
the same process, as in a service; a consumer in another process (bench.arrivals) records when each
event arrives. Baseline: the same events sent by a bare producer, measured the same way.
Target: p99 < 250 ms."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench import events, report
from bench.infra import Infra
from zjtx.common.clock import SystemClock
from zjtx.common.db import create_engine, create_sessionmaker, transaction
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.messaging.kafka import create_producer, ensure_topics
from zjtx.common.messaging.outbox import add_event
from zjtx.common.runtime import build_relay
from zjtx.common.testing.uscc import make_uscc

RATE = 500  # events per second: one every 2 ms
SECONDS = 10
EVENTS = RATE * SECONDS
WARMUP = 100  # first events of each phase, not measured: connections, producer and metadata warm
TARGET_P99 = 0.250
FIRST_SERIAL = 1_000_000  # clear of the serials other benchmarks use


class Probe:
    """The consumer process and the arrival time of every event it has seen, by event id."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self._process = process
        self.arrivals: dict[str, float] = {}
        self._arrived = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, bootstrap_servers: str, topic: str) -> Probe:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.arrivals",
            bootstrap_servers,
            topic,
            cwd=Path.cwd(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 60)
        if line.strip() != b"ready":
            raise RuntimeError(f"the probe consumer did not start: {line!r}")
        return cls(process)

    async def _read(self) -> None:
        assert self._process.stdout is not None
        async for line in self._process.stdout:
            event_id, _, arrived = line.decode().partition(" ")
            self.arrivals[event_id] = float(arrived)
            self._arrived.set()

    async def wait_for(self, event_ids, timeout: float = 30.0) -> None:
        """Until every one of `event_ids` has arrived, or `timeout` seconds have passed."""
        missing = {event_id for event_id in event_ids if event_id not in self.arrivals}
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while missing:
                    self._arrived.clear()
                    await self._arrived.wait()
                    missing = {event_id for event_id in missing if event_id not in self.arrivals}

    def latencies(self, started: dict[str, float]) -> tuple[list[float], int]:
        """Arrival minus start per event, and how many never arrived."""
        found = [self.arrivals[event_id] - at for event_id, at in started.items() if event_id in self.arrivals]
        return found, len(started) - len(found)

    async def stop(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            await asyncio.wait_for(self._process.wait(), 10)
        except TimeoutError:
            self._process.kill()
            await self._process.wait()
        self._reader.cancel()


async def run(infra: Infra) -> bool:
    settings = infra.settings()
    await ensure_topics(
        infra.bootstrap_servers,
        [events.TOPIC],
        partitions=settings.kafka_topic_partitions,
        replication_factor=settings.kafka_replication_factor,
    )
    engine = create_engine(infra.database_url, pool_size=settings.database_pool_size)
    probe = await Probe.start(infra.bootstrap_servers, events.TOPIC)
    try:
        bare, bare_rate = await bare_phase(infra.bootstrap_servers, probe)
        relay, relay_rate = await relay_phase(settings, create_sessionmaker(engine), probe)
    finally:
        await probe.stop()
        await engine.dispose()

    report.heading(f"3. Commit-to-consumer latency ({RATE} events/s for {SECONDS} s, {EVENTS:,} events)")
    bare_latencies, bare_lost = probe.latencies(bare)
    relay_latencies, relay_lost = probe.latencies(relay)
    report.row("bare producer -> consumer", f"{bare_rate:,.0f} ev/s", _describe(bare_latencies, bare_lost))
    report.row("commit -> relay -> consumer", f"{relay_rate:,.0f} ev/s", _describe(relay_latencies, relay_lost))
    bare_p99 = report.percentile(bare_latencies, 99)
    relay_p99 = report.percentile(relay_latencies, 99)
    relay_share = report.percentile(relay_latencies, 50) - report.percentile(bare_latencies, 50)
    report.row("relay's own share (p50)", f"{relay_share * 1000:+.1f} ms", "relay p50 - bare p50")
    report.row("relay p99 / bare p99", f"{relay_p99 / bare_p99:.2f}")
    passed = relay_p99 < TARGET_P99 and relay_lost == 0 and relay_rate >= 0.95 * RATE
    return report.verdict("relay p99", f"{relay_p99 * 1000:.1f} ms", f"< {TARGET_P99 * 1000:.0f} ms", passed)


def _describe(latencies: list[float], lost: int) -> str:
    text = report.latency_summary(latencies, points=(50, 95, 99, 100)).replace("p100", "max")
    return text + (f", {lost} never arrived" if lost else "")


async def at_rate(count: int, action: Callable[[int], Awaitable[None]]) -> float:
    """Start action(0..count-1) one every 1/RATE s, each in its own task; the rate actually achieved."""
    started = time.perf_counter()
    tasks = []
    for i in range(count):
        delay = started + i / RATE - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(action(i)))
    await asyncio.gather(*tasks)
    return count / (time.perf_counter() - started)


async def relay_phase(settings, sessions, probe: Probe) -> tuple[dict[str, float], float]:
    """Event id -> commit time of every measured event, and the commit rate achieved."""
    clock = SystemClock()
    committed: dict[str, float] = {}

    async def write(i: int) -> None:
        serial = FIRST_SERIAL + i
        async with transaction(sessions) as session:
            envelope = await add_event(
                session,
                events.EVENT,
                key=make_uscc(serial),
                payload=events.snapshot(serial),
                producer="registry",
                occurred_at=clock.now(),
            )
        committed[str(envelope.event_id)] = time.time()

    stop = asyncio.Event()
    relay = asyncio.create_task(build_relay(settings, sessions).run(stop))
    try:
        await at_rate(WARMUP, write)
        await probe.wait_for(list(committed))
        committed.clear()
        rate = await at_rate(EVENTS, write)
        await probe.wait_for(list(committed))
    finally:
        stop.set()
        await relay
    return committed, rate


async def bare_phase(bootstrap_servers: str, probe: Probe) -> tuple[dict[str, float], float]:
    """Event id -> send time of every measured event, and the send rate achieved."""
    clock = SystemClock()
    sent: dict[str, float] = {}
    producer = create_producer(bootstrap_servers, client_id="bench-bare-latency")
    await producer.start()

    async def send(i: int) -> None:
        serial = FIRST_SERIAL + EVENTS + WARMUP + i
        envelope = make_envelope(
            events.EVENT,
            key=make_uscc(serial),
            producer="registry",
            payload=events.snapshot(serial),
            occurred_at=clock.now(),
        )
        body = envelope.model_dump_json().encode()
        sent[str(envelope.event_id)] = time.time()
        await (await producer.send(events.TOPIC, key=envelope.key.encode(), value=body))

    try:
        await at_rate(WARMUP, send)
        await probe.wait_for(list(sent))
        sent.clear()
        rate = await at_rate(EVENTS, send)
        await probe.wait_for(list(sent))
    finally:
        await producer.stop()
    return sent, rate
