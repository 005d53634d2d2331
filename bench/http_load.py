"""The load of the HTTP benchmarks: prepared HTTP/1.1 requests sent by closed-loop clients, each on its own
keep-alive connection, and what a load cost the server and the client.

The clients must cost far less than the servers they measure: httpx spends one to two milliseconds of CPU
a request on this machine, so 32 httpx clients in one event loop take a whole core and, against a fast
endpoint, measure themselves (a bare endpoint's rate was the client's). The kit's light client
(zjtx.common.testing.http1) sends bytes made beforehand and reads the answer's status and body: tens of
microseconds. Each load says what the client process spent per request beside the server's, so a
client-bound figure shows as one."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import psutil

from bench import report
from bench.infra import SHARED_PIDS
from zjtx.common.testing import http1
from zjtx.common.testing.http1 import Connection


@dataclass
class Load:
    ok: int = 200  # the status every request of the load should get
    seconds: float = 0.0
    server_cpu_seconds: float = 0.0  # user + system time the server process spent during the load
    client_cpu_seconds: float = 0.0  # the same for this (the benchmark's) process
    worker_cpu_seconds: float | None = None  # the same for the service's worker process, when it has one
    # The same for the shared infrastructure this benchmark started (its PostgreSQL's processes, its
    # broker), when a server is measured: what else each request cost the machine's two cores.
    database_cpu_seconds: float = 0.0
    broker_cpu_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    first_error: str | None = None

    @classmethod
    def merged(cls, loads: list[Load]) -> Load:
        """Loads of one server taken in rounds (interleaved with its baseline's), as one load."""
        merged = cls(ok=loads[0].ok)
        for part in loads:
            merged.seconds += part.seconds
            merged.server_cpu_seconds += part.server_cpu_seconds
            merged.client_cpu_seconds += part.client_cpu_seconds
            merged.database_cpu_seconds += part.database_cpu_seconds
            merged.broker_cpu_seconds += part.broker_cpu_seconds
            if part.worker_cpu_seconds is not None:
                merged.worker_cpu_seconds = (merged.worker_cpu_seconds or 0.0) + part.worker_cpu_seconds
            merged.latencies += part.latencies
            merged.statuses += part.statuses
            merged.first_error = merged.first_error or part.first_error
        return merged

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def p99(self) -> float:
        return report.percentile(self.latencies, 99)

    @property
    def server_cpu_ms(self) -> float:
        return self.server_cpu_seconds / len(self.latencies) * 1000

    @property
    def client_cpu_ms(self) -> float:
        return self.client_cpu_seconds / len(self.latencies) * 1000

    @property
    def worker_cpu_ms(self) -> float | None:
        return None if self.worker_cpu_seconds is None else self.worker_cpu_seconds / len(self.latencies) * 1000

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != self.ok)

    def describe(self, points: tuple[int, ...] = (50, 99), *, with_rate: bool = False) -> str:
        latencies = report.latency_summary(self.latencies, points=points).replace("p100", "max")
        rate = f", {self.rate:,.0f} req/s" if with_rate else ""
        cpu = f"server CPU {self.server_cpu_ms:.2f} ms/req"
        if self.worker_cpu_ms is not None:
            cpu += f", its worker {self.worker_cpu_ms:.2f}"
        cpu += f", client {self.client_cpu_ms:.2f}"
        if self.server_cpu_seconds:
            per_request = 1000 / len(self.latencies)
            cpu += (
                f", PostgreSQL {self.database_cpu_seconds * per_request:.2f}, "
                f"broker {self.broker_cpu_seconds * per_request:.2f}"
            )
        return f"{latencies}{rate}, {cpu}" + (
            f", {self.errors} errors (first: {self.first_error})" if self.errors else ""
        )


def raw_request(url: str, headers: dict[str, str], method: str, path: str, body: bytes | None) -> bytes:
    """The whole HTTP/1.1 request to the server at `url`, as bytes to send as they are."""
    return http1.raw_request(urlsplit(url).netloc, headers, method, path, body)


async def load(
    url: str,
    streams: Iterable[Iterable[bytes]],
    *,
    ok: int,
    server_pid: int | None = None,
    worker_pid: int | None = None,
) -> Load:
    """Each stream's requests in order on a connection of its own, all streams at once (closed loop: a
    client sends its next request when the last is answered); the server's and this process's CPU time
    measured over the load when `server_pid` is given, and the service's worker's when `worker_pid` is."""
    result = Load(ok=ok)

    async def client(requests: Iterable[bytes]) -> None:
        connection = await Connection.open(url)
        try:
            for request in requests:
                started = time.perf_counter()
                status, body = await connection.send(request)
                result.latencies.append(time.perf_counter() - started)
                result.statuses[status] += 1
                if status != ok and result.first_error is None:
                    result.first_error = f"{status} {body[:200].decode(errors='replace')}"
        finally:
            await connection.close()

    server = psutil.Process(server_pid) if server_pid is not None else None
    worker = psutil.Process(worker_pid) if worker_pid is not None else None
    me = psutil.Process()
    server_before, client_before = (_cpu_seconds(server) if server else 0.0), _cpu_seconds(me)
    worker_before = _cpu_seconds(worker) if worker else 0.0
    infrastructure = _infrastructure() if server else {}
    infrastructure_before = {process: _cpu_seconds_or_none(process) for process in infrastructure}
    started = time.perf_counter()
    await asyncio.gather(*(client(requests) for requests in streams))
    result.seconds = time.perf_counter() - started
    for process, kind in infrastructure.items():
        before, after = infrastructure_before[process], _cpu_seconds_or_none(process)
        spent = 0.0 if before is None or after is None else after - before
        if kind == "database":
            result.database_cpu_seconds += spent
        else:
            result.broker_cpu_seconds += spent
    result.client_cpu_seconds = _cpu_seconds(me) - client_before
    result.server_cpu_seconds = (_cpu_seconds(server) - server_before) if server else 0.0
    if worker is not None:
        result.worker_cpu_seconds = _cpu_seconds(worker) - worker_before
    return result


def shared(requests: Iterable[bytes], clients: int) -> list[Iterator[bytes]]:
    """`clients` streams drawing from one iterator: every request sent once, by whichever client is free."""
    remaining = iter(requests)
    return [remaining] * clients


def _cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def _cpu_seconds_or_none(process: psutil.Process) -> float | None:
    try:
        return _cpu_seconds(process)
    except psutil.Error:  # gone meanwhile (a connection closed): not counted
        return None


def _infrastructure() -> dict[psutil.Process, str]:
    """The shared PostgreSQL's processes (its postmaster and a backend per connection: the pools are warm,
    so those of the load are there at its start; bench.infra.SHARED_PIDS) and the brokers this benchmark
    started (its own children)."""
    found: dict[psutil.Process, str] = {}
    database = SHARED_PIDS.get("database")
    try:
        if database is not None:
            postmaster = psutil.Process(database)
            found[postmaster] = "database"
            found.update((child, "database") for child in postmaster.children(recursive=True))
    except psutil.Error:
        pass
    for child in psutil.Process().children(recursive=True):
        try:
            if child.name().startswith("tansu"):
                found[child] = "broker"
        except psutil.Error:
            continue
    return found
