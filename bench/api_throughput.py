"""2. POST /v1/enterprises through real uvicorn: the registry as deployed (bench.infra.Deployed: its API
process takes the requests; its worker process beside it, on the same two cores, relays the events as
they are committed) against a bare FastAPI app doing one INSERT per request (bench.bare_api), each API
one process on the same database, each driven by 32
concurrent clients on keep-alive connections sending prepared requests (bench.http_load: they cost far
less than either server, so neither rate is the client's). Target: registry / bare requests per second
>= 0.7."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import text

from bench import events, memory, report
from bench.http_load import Load, load, raw_request, shared
from bench.infra import VAR, Deployed, HttpProcess, Infra
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
    worker_rss_mb: float
    bare_rss_mb: float


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
    }
    async with Deployed("zjtx.registry", registry_env, log_name="bench-registry") as registry:
        registry_load = await warm_then_load(registry.url, registry.pid, headers, worker_pid=registry.worker_pid)
        registry_mb = memory.resident_mb(registry.pid)
        worker_mb = memory.resident_mb(registry.worker_pid)
        backlog = await outbox_backlog(infra.database_url)

    report.heading(f"2. POST /v1/enterprises throughput ({REQUESTS:,} requests, {CLIENTS} clients, 1 worker)")
    report.row("bare FastAPI + 1 INSERT", f"{bare_load.rate:,.0f} req/s", bare_load.describe())
    report.row("registry", f"{registry_load.rate:,.0f} req/s", registry_load.describe())
    report.row("  outbox unsent at the end", f"{backlog:,}", "(its worker's relay ran throughout)")
    ratio = registry_load.rate / bare_load.rate
    clean = set(bare_load.statuses) == set(registry_load.statuses) == {201}
    passed = report.verdict("registry / bare", f"{ratio:.2f}", f">= {TARGET}", ratio >= TARGET and clean)
    return ApiOutcome(passed=passed, registry_rss_mb=registry_mb, worker_rss_mb=worker_mb, bare_rss_mb=bare_mb)


async def warm_then_load(url: str, pid: int, headers: dict[str, str], *, worker_pid: int | None = None) -> Load:
    """The warm-up, then the timed requests; one new enterprise per request, each sent once."""
    await load(url, shared(requests(url, headers, range(WARMUP)), CLIENTS), ok=201)
    timed = requests(url, headers, range(WARMUP, WARMUP + REQUESTS))
    return await load(url, shared(timed, CLIENTS), ok=201, server_pid=pid, worker_pid=worker_pid)


def requests(url: str, headers: dict[str, str], serials: range) -> list[bytes]:
    """POST /v1/enterprises, one new enterprise per serial, made before the clock starts."""
    return [
        raw_request(url, headers, "POST", "/v1/enterprises", json.dumps(events.enterprise_body(serial)).encode())
        for serial in serials
    ]


async def outbox_backlog(database_url: str) -> int:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")))
    finally:
        await engine.dispose()
