"""8. Signed intake throughput: POST /v1/tickets through real uvicorn, the hotline process (`python -m
zjtx.hotline`, every role on: its relay publishes `received` and `assigned` as they are written and its
consumer turns them into callbacks) against a bare FastAPI app validating the same body and doing one
INSERT per request (bench.bare_tickets), both one worker on the same database server, each driven by 32
concurrent clients sending distinct complaints, each signed (HMAC-SHA256, X-Zjtx-Timestamp) as the
12345 system does. Target: hotline / bare requests per second >= 0.5."""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import AsyncIterator

from sqlalchemy import text

from bench import report
from bench.api_throughput import outbox_backlog
from bench.http_load import Load, load, shared
from bench.infra import VAR, HttpProcess, Infra
from zjtx.common.clock import SystemClock
from zjtx.common.db import create_engine, drop_database, ensure_database, with_database
from zjtx.common.testing.uscc import make_uscc
from zjtx.common.web.auth import new_key, write_clients_file
from zjtx.common.web.signatures import signed_headers

REQUESTS = 3_000
WARMUP = 200  # per server, not timed: connection pools filled, first-call caches built
CLIENTS = 32
TARGET = 0.5
SECRET = "bench-12345-webhook-secret"
CATEGORIES = ("arrears", "finance", "awards_policy", "inspection", "permits", "other")


def complaint(serial: int) -> dict:
    """A complaint as the 12345 system posts it: every sixth about arrears, half from a registered-looking code."""
    category = CATEGORIES[serial % len(CATEGORIES)]
    body = {
        "external_id": f"12345-BENCH-{serial:08d}",
        "received_at": "2025-09-01T09:00:00+08:00",
        "channel": "phone",
        "enterprise_name": f"呼和浩特基准企业{serial}",
        "contact_name": "王小明",
        "contact_phone": "13812341234",
        "category": category,
        "title": "反映企业诉求",
        "content": "企业反映的具体情况，约两百字的描述。" * 8,
    }
    if serial % 2:
        body["uscc"] = make_uscc(serial)
    if category == "arrears":
        body |= {"buyer_code": "HS-JYJ-001", "contract_no": f"HT-{serial:08d}"}
    return body


def signed_request(url: str, key: str, serial: int) -> bytes:
    """The whole HTTP/1.1 request, signed now (a run lasts far less than the 5-minute window)."""
    from httpx import URL

    body = json.dumps(complaint(serial), ensure_ascii=False).encode()
    headers = {
        "Host": URL(url).netloc.decode(),
        "Authorization": f"Bearer {key}",
        "Content-Type": "application/json",
        **signed_headers(SECRET, body, now=SystemClock().now()),
        "Content-Length": str(len(body)),
    }
    return (
        "\r\n".join(["POST /v1/tickets HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items())]) + "\r\n\r\n"
    ).encode() + body


@contextlib.asynccontextmanager
async def hotline_database(infra: Infra) -> AsyncIterator[str]:
    """A fresh, empty database for the hotline on the benchmark's server (the process migrates it)."""
    name = f"zjtx_bench_hotline_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    await ensure_database(infra.server_url, name)
    try:
        yield with_database(infra.server_url, name)
    finally:
        await drop_database(infra.server_url, name)


async def run(infra: Infra) -> bool:
    key = new_key()
    clients_file = VAR / "bench-hotline-clients.json"
    write_clients_file(
        clients_file,
        {"12345": {"key": key, "scopes": ["hotline:intake", "hotline:read"], "attributes": {"webhook_secret": SECRET}}},
    )
    bare_env = {"DATABASE_URL": infra.database_url}
    async with HttpProcess("bench.bare_tickets", bare_env, log_name="bench-bare-tickets.log") as bare:
        bare_load = await warm_then_load(bare.url, bare.pid, key)
    async with hotline_database(infra) as url:
        env = {
            "DATABASE_URL": url,
            "KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap_servers,
            "API_CLIENTS_FILE": str(clients_file.resolve()),
            "ENVIRONMENT": "development",
            "RUN_API": "true",
            "RUN_CONSUMER": "true",
            "RUN_RELAY": "true",
            "RUN_SCHEDULER": "true",
        }
        async with HttpProcess("zjtx.hotline", env, log_name="bench-hotline.log") as hotline:
            hotline_load = await warm_then_load(hotline.url, hotline.pid, key)
            backlog = await outbox_backlog(url)
            stored = await count_tickets(url)

    report.heading(f"8. POST /v1/tickets signed intake ({REQUESTS:,} requests, {CLIENTS} clients, 1 worker)")
    report.row("bare FastAPI + 1 INSERT", f"{bare_load.rate:,.0f} req/s", bare_load.describe())
    report.row("hotline", f"{hotline_load.rate:,.0f} req/s", hotline_load.describe())
    report.row("  tickets stored", f"{stored:,}", f"(of {REQUESTS + WARMUP:,} sent)")
    report.row("  outbox unsent at the end", f"{backlog:,}", "(its relay ran throughout)")
    ratio = hotline_load.rate / bare_load.rate
    clean = set(bare_load.statuses) == set(hotline_load.statuses) == {201} and stored == REQUESTS + WARMUP
    return report.verdict("hotline / bare", f"{ratio:.2f}", f">= {TARGET}", ratio >= TARGET and clean)


async def warm_then_load(url: str, pid: int, key: str) -> Load:
    await load(url, shared([signed_request(url, key, serial) for serial in range(WARMUP)], CLIENTS), ok=201)
    requests = [signed_request(url, key, serial) for serial in range(WARMUP, WARMUP + REQUESTS)]
    return await load(url, shared(requests, CLIENTS), ok=201, server_pid=pid)


async def count_tickets(database_url: str) -> int:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(text("SELECT count(*) FROM ticket")))
    finally:
        await engine.dispose()
