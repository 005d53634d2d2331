"""2. POST /v1/enterprises through real uvicorn: the registry as deployed (bench.infra.Deployed: its API
process takes the requests; its worker process beside it, on the same two cores, relays the events as
they are committed) against a bare FastAPI app doing one INSERT per request (bench.bare_api), each API
one process on the same database, each driven by 32 concurrent clients on keep-alive connections
sending prepared requests (bench.http_load: they cost far less than either server, so neither rate is
the client's). Both run throughout and take the load in
turns, three rounds each, so that this machine's slower and faster spells (its speed drifts by a third
within minutes) fall on both alike. Target: registry / bare requests per second >= 0.7."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial

from sqlalchemy import text

from bench import events, memory, report
from bench.http_load import Load, load, raw_request, shared
from bench.infra import VAR, Deployed, HttpProcess, Infra
from zjtx.common.db import create_engine
from zjtx.common.testing.waiting import eventually
from zjtx.common.web.auth import new_key, write_clients_file

REQUESTS = 3_000
ROUNDS = 3  # the servers take turns, so that a slower or faster spell of this machine falls on both
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
    registry_env = {
        "DATABASE_URL": infra.database_url,
        "KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap_servers,
        "API_CLIENTS_FILE": str(clients_file.resolve()),
        "ENVIRONMENT": "development",
    }
    async with (
        HttpProcess("bench.bare_api", bare_env, log_name="bench-bare-api.log") as bare,
        Deployed("zjtx.registry", registry_env, log_name="bench-registry") as registry,
    ):
        for server in (bare, registry):
            await load(server.url, shared(requests(server.url, headers, range(WARMUP)), CLIENTS), ok=201)
        bare_loads, registry_loads = [], []
        per_round = REQUESTS // ROUNDS
        for round_ in range(ROUNDS):
            serials = range(WARMUP + round_ * per_round, WARMUP + (round_ + 1) * per_round)
            bare_loads.append(await timed(bare.url, bare.pid, headers, serials))
            registry_loads.append(await timed(registry.url, registry.pid, headers, serials, registry.worker_pid))
            await relayed(infra.database_url)  # its tail is not the next bare round's to pay
        bare_load, registry_load = Load.merged(bare_loads), Load.merged(registry_loads)
        bare_mb = memory.resident_mb(bare.pid)
        registry_mb = memory.resident_mb(registry.pid)
        worker_mb = memory.resident_mb(registry.worker_pid)
        backlog = await outbox_backlog(infra.database_url)

    report.heading(
        f"2. POST /v1/enterprises throughput ({ROUNDS} rounds of {per_round:,} requests each, in turn, "
        f"{CLIENTS} clients, 1 worker)"
    )
    report.row("bare FastAPI + 1 INSERT", f"{bare_load.rate:,.0f} req/s", bare_load.describe())
    report.row("registry", f"{registry_load.rate:,.0f} req/s", registry_load.describe())
    rounds = " ".join(f"{r.rate / b.rate:.2f}" for r, b in zip(registry_loads, bare_loads, strict=True))
    report.row("  each round's ratio", rounds)
    report.row("  outbox unsent at the end", f"{backlog:,}", "(its worker's relay ran throughout)")
    ratio = registry_load.rate / bare_load.rate
    clean = set(bare_load.statuses) == set(registry_load.statuses) == {201}
    passed = report.verdict("registry / bare", f"{ratio:.2f}", f">= {TARGET}", ratio >= TARGET and clean)
    return ApiOutcome(passed=passed, registry_rss_mb=registry_mb, worker_rss_mb=worker_mb, bare_rss_mb=bare_mb)


async def timed(url: str, pid: int, headers: dict[str, str], serials: range, worker_pid: int | None = None) -> Load:
    """One round: a new enterprise per request, each sent once."""
    return await load(
        url, shared(requests(url, headers, serials), CLIENTS), ok=201, server_pid=pid, worker_pid=worker_pid
    )


async def relayed(database_url: str) -> None:
    """Wait until the worker's relay has sent everything committed (a deadline, not a guess)."""
    await eventually(partial(_caught_up, database_url), timeout=60.0, what="the outbox relayed")


async def _caught_up(database_url: str) -> bool:
    return await outbox_backlog(database_url) == 0


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
