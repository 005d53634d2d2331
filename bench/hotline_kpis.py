"""9. GET /v1/kpis over 1,000,000 tickets: the three rates of A14.2, overall and for each of five
departments, over three years of tickets (every one of them in the window), answered by the hotline
process (`python -m zjtx.hotline`, the API role alone, as in the hotline-api Deployment) from 4
concurrent clients. The tickets are written straight into the database (a varied mix: on time and late,
replied, resolved, rated, merged, withdrawn), and the rates' sums built from them by the service's own
rebuild (kpi.repository.rebuild), the one `POST /v1/admin/kpis/rebuild` runs. Printed beside it: a bare
`SELECT count(*)` over the same rows, timed the same way. Target: p99 < 200 ms."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date

import asyncpg
import httpx

from bench import report
from bench.infra import VAR, HttpProcess, Infra
from zjtx.common.db import asyncpg_connect_kwargs, create_engine, create_sessionmaker, drop_database, ensure_database
from zjtx.common.db import with_database as database_url
from zjtx.common.migrations import migrate_async
from zjtx.common.testing.http1 import Connection
from zjtx.common.web.auth import new_key, write_clients_file
from zjtx.hotline.definition import HOTLINE
from zjtx.hotline.kpi import repository as kpi_repository

TICKETS = 1_000_000
REQUESTS = 1_000
WARMUP = 100
CLIENTS = 4
COUNTS = 50  # bare count(*) runs
TARGET_P99 = 0.200
WINDOW = ("2023-01-01", "2025-12-31")

# Three years of tickets, spread over the days and the five seeded departments. Of each 100: 5 merged
# and 2 withdrawn (left out of the rates); 80% acknowledged on time; 70% replied, 60% of them resolved;
# half the replied rated (satisfied, basically satisfied, unsatisfied in turn).
FILL = """
INSERT INTO ticket (
    id, external_id, channel, received_at, received_on, category, title, content, uscc, uscc_given,
    enterprise_match, enterprise_name, contact_name, contact_phone, status, department, version,
    extension_days, reopen_count, supervision_count, response_due_at, first_acknowledged_at,
    last_replied_at, last_reply_text, last_reply_resolved, replied_department, last_rating, created_at, updated_at
)
SELECT
    gen_random_uuid(), 'BENCH-' || i, 'phone', at, (at AT TIME ZONE 'Asia/Shanghai')::date,
    (ARRAY['arrears','finance','awards_policy','inspection','permits','other'])[1 + i % 6], '反映企业诉求',
    '企业反映的具体情况。', NULL, NULL, 'none', '基准企业' || i, '王小明', '13812341234',
    CASE WHEN i % 100 < 5 THEN 'merged' WHEN i % 100 < 7 THEN 'withdrawn'
         WHEN i % 10 < 7 THEN 'closed' ELSE 'acknowledged' END,
    dept, 4, 0, 0, 0,
    at + interval '1 day', at + CASE WHEN i % 5 = 0 THEN interval '2 days' ELSE interval '2 hours' END,
    CASE WHEN i % 10 < 7 THEN at + interval '3 days' END,
    CASE WHEN i % 10 < 7 THEN '已办理' END,
    CASE WHEN i % 10 < 7 THEN i % 5 < 3 END,
    CASE WHEN i % 10 < 7 THEN dept END,
    CASE WHEN i % 10 < 7 AND i % 2 = 0
         THEN (ARRAY['satisfied','basically_satisfied','unsatisfied'])[1 + (i / 2) % 3] END,
    at, at
FROM (
    SELECT i, timestamptz '2023-01-01 09:00:00+08' + ((i % 1095) || ' days')::interval AS at,
           (ARRAY['GXJ','CZJ','SCJGJ','SWJ','ZWFWJ'])[1 + i % 5] AS dept
    FROM generate_series(1, $1) AS i
) AS series
"""
IN_WINDOW = "SELECT count(*) FROM ticket WHERE received_on BETWEEN $1 AND $2"
COUNTED = "SELECT count(*) FROM ticket WHERE received_on BETWEEN $1 AND $2 AND status NOT IN ('merged', 'withdrawn')"


@dataclass
class Timings:
    seconds: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    first_error: str | None = None

    @property
    def p99(self) -> float:
        return report.percentile(self.seconds, 99)

    def describe(self) -> str:
        text = report.latency_summary(self.seconds, points=(50, 99, 100)).replace("p100", "max")
        errors = sum(n for status, n in self.statuses.items() if status != 200)
        return text + (f", {errors} errors (first: {self.first_error})" if errors else "")


@contextlib.asynccontextmanager
async def hotline_database(infra: Infra) -> AsyncIterator[str]:
    name = f"zjtx_bench_hotline_kpi_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    await ensure_database(infra.server_url, name)
    url = database_url(infra.server_url, name)
    try:
        await migrate_async(HOTLINE.schema, url)
        yield url
    finally:
        await drop_database(infra.server_url, name)


async def run(infra: Infra) -> bool:
    key = new_key()
    clients_file = VAR / "bench-hotline-kpi-clients.json"
    write_clients_file(clients_file, {"centre": {"key": key, "scopes": ["hotline:read"]}})
    async with hotline_database(infra) as url:
        fill_seconds, rebuild_seconds, counted = await fill(url)
        count_timings, in_window = await time_counts(url)
        env = {
            "DATABASE_URL": url,
            "KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap_servers,
            "API_CLIENTS_FILE": str(clients_file.resolve()),
            "ENVIRONMENT": "development",
            "RUN_API": "true",
            "RUN_CONSUMER": "false",
            "RUN_RELAY": "false",
            "RUN_SCHEDULER": "false",
        }
        async with HttpProcess("zjtx.hotline", env, log_name="bench-hotline-kpi.log") as hotline:
            answer = await check_answer(hotline.url, key, counted)
            request = raw_get(hotline.url, key)
            await load(hotline.url, request, WARMUP)
            kpis = await load(hotline.url, request, REQUESTS)

    report.heading(f"9. GET /v1/kpis over {TICKETS:,} tickets ({REQUESTS:,} requests, {CLIENTS} concurrent clients)")
    report.row(
        "  tickets written",
        f"{TICKETS:,}",
        f"({fill_seconds:.0f} s; the rates' sums rebuilt in {rebuild_seconds:.1f} s)",
    )
    report.row(
        "SELECT count(*) (baseline)",
        f"p99 {count_timings.p99 * 1000:.1f} ms",
        f"{count_timings.describe()}; {in_window:,} rows",
    )
    report.row("GET /v1/kpis", f"p99 {kpis.p99 * 1000:.1f} ms", kpis.describe())
    report.row("  answer", answer)
    clean = set(kpis.statuses) == {200} and answer.startswith("received")
    return report.verdict(
        "kpis p99", f"{kpis.p99 * 1000:.1f} ms", f"< {TARGET_P99 * 1000:.0f} ms", kpis.p99 < TARGET_P99 and clean
    )


async def fill(url: str) -> tuple[float, float, int]:
    """The tickets, then the rates' sums from them; how many tickets the rates count."""
    connection = await asyncpg.connect(**asyncpg_connect_kwargs(url))
    try:
        started = time.perf_counter()
        await connection.execute(FILL, TICKETS)
        await connection.execute("VACUUM ANALYZE ticket")
        fill_seconds = time.perf_counter() - started
        counted = await connection.fetchval(COUNTED, *_window())
    finally:
        await connection.close()
    engine = create_engine(url, pool_size=1)
    try:
        started = time.perf_counter()
        async with create_sessionmaker(engine)() as session, session.begin():
            await kpi_repository.rebuild(session)
        rebuild_seconds = time.perf_counter() - started
    finally:
        await engine.dispose()
    return fill_seconds, rebuild_seconds, counted


async def time_counts(url: str) -> tuple[Timings, int]:
    connection = await asyncpg.connect(**asyncpg_connect_kwargs(url))
    timings = Timings()
    try:
        rows = await connection.fetchval(IN_WINDOW, *_window())  # warm
        for _ in range(COUNTS):
            started = time.perf_counter()
            await connection.fetchval(IN_WINDOW, *_window())
            timings.seconds.append(time.perf_counter() - started)
            timings.statuses[200] += 1
    finally:
        await connection.close()
    return timings, rows


def _window() -> tuple[date, date]:
    return date.fromisoformat(WINDOW[0]), date.fromisoformat(WINDOW[1])


async def check_answer(url: str, key: str, counted: int) -> str:
    """The overall figures, so that a fast wrong answer cannot pass: every ticket the rates count."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        response = await http.get(
            "/v1/kpis", params={"from": WINDOW[0], "to": WINDOW[1]}, headers={"Authorization": f"Bearer {key}"}
        )
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    overall = response.json()["overall"]
    received = overall["response_rate"]["denominator"]
    verdict = "" if received == counted else f"   WRONG (the tickets say {counted:,})"
    figures = ", ".join(f"{name.split('_')[0]} {rate['value']}%" for name, rate in overall.items())
    return f"received {received:,} ({figures}){verdict}"


def raw_get(url: str, key: str) -> bytes:
    host = httpx.URL(url).netloc.decode()
    path = f"/v1/kpis?from={WINDOW[0]}&to={WINDOW[1]}"
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}\r\n\r\n".encode()


async def load(url: str, request: bytes, count: int) -> Timings:
    remaining = iter(range(count))
    timings = Timings()

    async def client() -> None:
        connection = await Connection.open(url)
        try:
            for _ in remaining:
                started = time.perf_counter()
                status, body = await connection.send(request)
                timings.seconds.append(time.perf_counter() - started)
                timings.statuses[status] += 1
                if status != 200 and timings.first_error is None:
                    timings.first_error = f"{status} {body[:200].decode(errors='replace')}"
        finally:
            await connection.close()

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return timings
