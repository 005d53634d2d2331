"""2. POST /v1/enterprises through real uvicorn: the registry process (`python -m zjtx.registry`, every
role on, so its relay publishes the events as they are written) against a bare FastAPI app doing one
INSERT per request (bench.bare_api), both one worker on the same database, each driven by 32
concurrent HTTP clients. Target: registry / bare requests per second >= 0.7."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
import psutil
from sqlalchemy import text

from bench import events, memory, report
from bench.infra import VAR, HttpProcess, Infra
from zjtx.common.db import create_engine
from zjtx.common.web.auth import new_key, write_clients_file

REQUESTS = 3_000
WARMUP = 200  # per server, not timed: connection pools filled, first-call caches built
CLIENTS = 32
TARGET = 0.7


@dataclass
class ApiOutcome:
    passed: bool
    registry_rss_mb: float
    bare_rss_mb: float


@dataclass
class Load:
    seconds: float = 0.0
    server_cpu_seconds: float = 0.0  # user + system time the server process spent on the timed requests
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    first_error: str | None = None

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def describe(self) -> str:
        errors = sum(n for status, n in self.statuses.items() if status != 201)
        cpu_ms = self.server_cpu_seconds / len(self.latencies) * 1000
        text_ = f"{report.latency_summary(self.latencies, points=(50, 99))}, server CPU {cpu_ms:.2f} ms/req"
        return text_ + (f", {errors} errors (first: {self.first_error})" if errors else "")


async def run(infra: Infra) -> ApiOutcome:
    key = new_key()
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    clients_file = VAR / "bench-api-clients.json"
    write_clients_file(clients_file, {"bench": {"key": key, "scopes": ["registry:read", "registry:write"]}})

    bare_env = {"DATABASE_URL": infra.database_url}
    async with HttpProcess("bench.bare_api", bare_env, log_name="bench-bare-api.log") as bare:
        bare_load = await warm_then_load(bare.url, bare.pid, headers)
        bare_mb = memory.resident_mb(bare.pid)
    registry_env = {
        "DATABASE_URL": infra.database_url,
        "KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap_servers,
        "API_CLIENTS_FILE": str(clients_file.resolve()),
        "ENVIRONMENT": "development",
        "RUN_API": "true",
        "RUN_CONSUMER": "true",
        "RUN_RELAY": "true",
        "RUN_SCHEDULER": "true",
    }
    async with HttpProcess("zjtx.registry", registry_env, log_name="bench-registry.log") as registry:
        registry_load = await warm_then_load(registry.url, registry.pid, headers)
        registry_mb = memory.resident_mb(registry.pid)
        backlog = await outbox_backlog(infra.database_url)

    report.heading(f"2. POST /v1/enterprises throughput ({REQUESTS:,} requests, {CLIENTS} clients, 1 worker)")
    report.row("bare FastAPI + 1 INSERT", f"{bare_load.rate:,.0f} req/s", bare_load.describe())
    report.row("registry", f"{registry_load.rate:,.0f} req/s", registry_load.describe())
    report.row("  outbox unsent at the end", f"{backlog:,}", "(its relay ran throughout)")
    ratio = registry_load.rate / bare_load.rate
    clean = set(bare_load.statuses) == set(registry_load.statuses) == {201}
    passed = report.verdict("registry / bare", f"{ratio:.2f}", f">= {TARGET}", ratio >= TARGET and clean)
    return ApiOutcome(passed=passed, registry_rss_mb=registry_mb, bare_rss_mb=bare_mb)


async def warm_then_load(url: str, pid: int, headers: dict[str, str]) -> Load:
    await load(url, headers, range(WARMUP))
    server = psutil.Process(pid)
    cpu_before = _cpu_seconds(server)
    result = await load(url, headers, range(WARMUP, WARMUP + REQUESTS))
    result.server_cpu_seconds = _cpu_seconds(server) - cpu_before
    return result


def _cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


async def load(url: str, headers: dict[str, str], serials: range) -> Load:
    """POST one new enterprise per serial from CLIENTS concurrent clients, each on its own connection."""
    bodies = iter([json.dumps(events.enterprise_body(serial)).encode() for serial in serials])
    result = Load()

    async def client() -> None:
        limits = httpx.Limits(max_connections=1)
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60, limits=limits) as http:
            for body in bodies:  # one iterator shared by all clients: every request its own enterprise
                started = time.perf_counter()
                response = await http.post("/v1/enterprises", content=body)
                result.latencies.append(time.perf_counter() - started)
                result.statuses[response.status_code] += 1
                if response.status_code != 201 and result.first_error is None:
                    result.first_error = f"{response.status_code} {response.text[:200]}"

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    result.seconds = time.perf_counter() - started
    return result


async def outbox_backlog(database_url: str) -> int:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")))
    finally:
        await engine.dispose()
