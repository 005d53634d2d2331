"""11. From a bank's `loan.interest_paid` to its subsidy being readable, at 200 events/s for 10 s: the
banks' producer puts the events on `bank.loan-events` (each a new period of one of 200 小巨人's loans),
the finance-subsidy process (every role on) consumes them through the kit's foreign-topic consumer and
computes the subsidies; a poller, woken by the outbox's NOTIFY at each of the service's commits, reads
which subsidies are committed (what GET /v1/subsidies would return from then on). Baseline in the same run, on the same
events: their arrival at a bare consumer of the same topic in another process (bench.arrivals), i.e. the
broker's own delivery time with the platform's fetch settings. Target: p99 < 250 ms, none lost."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time

import asyncpg
import httpx
import psutil

from bench import report
from bench.commit_latency import Probe
from bench.finance_setup import count, disbursement, interest, running_finance
from bench.infra import Infra
from zjtx.common.db import asyncpg_connect_kwargs
from zjtx.common.messaging.kafka import create_producer
from zjtx.common.messaging.outbox import OUTBOX_CHANNEL

TOPIC = "bank.loan-events"
RATE = 200
SECONDS = 10
EVENTS = RATE * SECONDS
WARMUP = 100
LOANS = 200
POLL_SECONDS = 0.05  # besides every notification of a commit
TARGET_P99 = 0.250

# Committed subsidies of the periods reported by the given bank events.
READABLE = """
SELECT p.source_event_id FROM interest_periods p
WHERE p.source_event_id = ANY($1::text[])
  AND EXISTS (SELECT 1 FROM subsidies s WHERE s.period_id = p.id)
"""


class Poller:
    """When each awaited bank event's subsidy was first seen committed. The service's commits that write
    events NOTIFY the outbox's channel (at commit); each notification, and a slow poll besides, makes
    the poller look for the awaited subsidies: the time a subsidy is seen is within a query of its commit."""

    def __init__(self, database_url: str) -> None:
        self._url = database_url
        self.pending: set[str] = set()
        self.seen: dict[str, float] = {}
        self._drained = asyncio.Event()
        self._notified = asyncio.Event()
        self._stop = asyncio.Event()
        self._task: asyncio.Task | None = None

    async def __aenter__(self) -> Poller:
        self._connection = await asyncpg.connect(**asyncpg_connect_kwargs(self._url))
        self._listener = await asyncpg.connect(**asyncpg_connect_kwargs(self._url))
        await self._listener.add_listener(OUTBOX_CHANNEL, lambda *_: self._notified.set())
        self._task = asyncio.create_task(self._poll())
        return self

    async def __aexit__(self, *exc) -> None:
        self._stop.set()
        self._notified.set()
        if self._task is not None:
            await self._task
        await self._listener.close()
        await self._connection.close()

    async def _poll(self) -> None:
        while not self._stop.is_set():
            self._notified.clear()
            if self.pending:
                found = await self._connection.fetch(READABLE, list(self.pending))
                now = time.time()
                for row in found:
                    self.seen[row[0]] = now
                    self.pending.discard(row[0])
                if not self.pending:
                    self._drained.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._notified.wait(), POLL_SECONDS)

    def expect(self, event_id: str) -> None:
        self.pending.add(event_id)
        self._drained.clear()

    async def wait_for_all(self, timeout: float = 30.0) -> None:
        """Until every awaited subsidy is readable, or `timeout` seconds have passed (the rest are lost)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._drained.wait(), timeout)


async def run(infra: Infra) -> bool:
    async with running_finance(infra, banks_count=1, enterprises=LOANS, log="finance-latency") as finance:
        [bank] = finance.banks
        loans = [f"K-{i}" for i in range(LOANS)]
        async with httpx.AsyncClient(base_url=finance.url, timeout=30) as http:  # the loans, by webhook
            for serial, loan in enumerate(loans):
                body = disbursement(bank, loan, serial)
                response = await http.post("/v1/bank-events", content=body, headers=bank.headers(body))
                assert response.status_code == 200, response.text
        messages = [(loans[i % LOANS], interest(bank, loans[i % LOANS], i // LOANS)) for i in range(WARMUP + EVENTS)]
        producer = create_producer(finance.bootstrap_servers, client_id="bench-bank")
        await producer.start()
        probe = await Probe.start(finance.bootstrap_servers, TOPIC)
        try:
            async with Poller(finance.database_url) as poller:
                warm, _ = await send(producer, poller, messages[:WARMUP])
                await poller.wait_for_all()
                await probe.wait_for(list(warm))
                # Both processes: the worker consumes the topic and relays; the API process only idles here.
                service = [psutil.Process(finance.pid), psutil.Process(finance.worker_pid)]
                cpu = sum(map(_cpu, service))
                sent, rate = await send(producer, poller, messages[WARMUP:])
                await poller.wait_for_all()
                cpu_ms = (sum(map(_cpu, service)) - cpu) / len(sent) * 1000
                await probe.wait_for(list(sent))
                readable = {
                    event_id: poller.seen[event_id] - at for event_id, at in sent.items() if event_id in poller.seen
                }
        finally:
            await probe.stop()
            await producer.stop()
        broker, broker_lost = probe.latencies(sent)
        subsidies = await count(finance.database_url, "SELECT count(*) FROM subsidies")

    latencies = list(readable.values())
    lost = len(sent) - len(latencies)
    report.heading(f"11. interest_paid → subsidy readable ({RATE} events/s for {SECONDS} s, {EVENTS:,} events)")
    report.row("topic → bare consumer", f"{len(broker):,} ev", _describe(broker, broker_lost))
    report.row("topic → subsidy readable", f"{len(latencies):,} ev", _describe(latencies, lost))
    share = report.percentile(latencies, 50) - report.percentile(broker, 50)
    report.row("the service's own share (p50)", f"{share * 1000:+.1f} ms", "readable p50 - bare p50")
    report.row("  subsidies computed", f"{subsidies:,}", f"(expected {WARMUP + EVENTS:,})")
    p99 = report.percentile(latencies, 99)
    passed = p99 < TARGET_P99 and lost == 0 and subsidies == WARMUP + EVENTS and rate >= 0.95 * RATE
    report.row("send rate achieved", f"{rate:,.0f} ev/s", f"service CPU {cpu_ms:.2f} ms/event (API + worker)")
    return report.verdict("readable p99", f"{p99 * 1000:.1f} ms", f"< {TARGET_P99 * 1000:.0f} ms", passed)


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def _describe(latencies: list[float], lost: int) -> str:
    text = report.latency_summary(latencies, points=(50, 95, 99, 100)).replace("p100", "max")
    return text + (f", {lost} never arrived" if lost else "")


async def send(producer, poller: Poller, messages: list[tuple[str, bytes]]) -> tuple[dict[str, float], float]:
    """One message every 1/RATE s, each awaited by the poller: event id -> when it was handed to the
    producer, and the rate achieved."""
    sent: dict[str, float] = {}

    async def one(loan: str, body: bytes) -> None:
        event_id = json.loads(body)["event_id"]
        poller.expect(event_id)
        sent[event_id] = time.time()
        await (await producer.send(TOPIC, key=loan.encode(), value=body))

    started = time.perf_counter()
    tasks = []
    for i, (loan, body) in enumerate(messages):
        delay = started + i / RATE - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(loan, body)))
    await asyncio.gather(*tasks)
    return sent, len(messages) / (time.perf_counter() - started)
