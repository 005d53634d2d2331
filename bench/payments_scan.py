"""7. The payments-watch daily scan over 1,000,000 payables: the service process (`python -m
zjtx.payments_watch`, the API role alone) answering `POST /v1/admin/jobs/scan-overdue?as_of=` as an
operator or the hourly scheduler would run it, on a database holding 250,000 contracts of 2,000 buyers
with four payables each, generated in SQL: due dates spread over the last 18 months, 3% unpaid (a third
of those paid in part), 7% paid late, the rest paid on time or not yet due.

Two runs on the same rows: the catch-up scan (nothing published before, as on the first day after
the history was loaded: every payable that fell overdue by yesterday gets its event), then the next
day's scan (only what fell overdue today). Each also stores every buyer's A10.5 risk. The database
selects the payables, a batch at a time; Python never holds them all. Printed: the wall time of each
scan and the process's resident memory (its peak, VmHWM), beside a bare `SELECT count(*)` over the same
payables. Targets: each scan under 60 s, the process under 300 MB."""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta

import asyncpg
import httpx
import psutil

from bench import report
from bench.infra import VAR, HttpProcess, Infra
from zjtx.common.clock import SystemClock, today
from zjtx.common.db import asyncpg_connect_kwargs, drop_database, ensure_database
from zjtx.common.db import with_database as database_url
from zjtx.common.migrations import migrate_async
from zjtx.common.uscc import check_character
from zjtx.common.web.auth import new_key, write_clients_file
from zjtx.payments_watch.definition import PAYMENTS_WATCH

PAYABLES = 1_000_000
PER_CONTRACT = 4
BUYERS = 2_000
SPREAD_DAYS = 540  # deliveries over the last 18 months
TARGET_SECONDS = 60.0
TARGET_MB = 300.0


@contextlib.asynccontextmanager
async def payments_database(infra: Infra) -> AsyncIterator[str]:
    name = f"zjtx_bench_payments_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    await ensure_database(infra.server_url, name)
    url = database_url(infra.server_url, name)
    try:
        await migrate_async(PAYMENTS_WATCH.schema, url)
        yield url
    finally:
        await drop_database(infra.server_url, name)


async def run(infra: Infra) -> bool:
    day = today(SystemClock())
    key = new_key()
    clients_file = VAR / "bench-payments-clients.json"
    write_clients_file(clients_file, {"bench": {"key": key, "scopes": ["admin", "payments:read"]}})
    async with payments_database(infra) as url:
        connection = await asyncpg.connect(**asyncpg_connect_kwargs(url))
        try:
            started = time.monotonic()
            await generate(connection, day)
            generated = time.monotonic() - started
            expected_first = await connection.fetchval(
                "SELECT count(*) FROM payables WHERE overdue_from <= $1", day - timedelta(days=1)
            )
            expected_next = await connection.fetchval("SELECT count(*) FROM payables WHERE overdue_from = $1", day)
            bare = await bare_count(connection)
        finally:
            await connection.close()
        env = {
            "DATABASE_URL": url,
            "KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap_servers,
            "API_CLIENTS_FILE": str(clients_file.resolve()),
            "ENVIRONMENT": "development",
            "RUN_API": "true",
            "RUN_CONSUMER": "false",
            "RUN_RELAY": "false",  # the events stay in the outbox: the scan is measured, not the relay
            "RUN_SCHEDULER": "false",  # run when asked, not on its own hourly start
        }
        async with HttpProcess("zjtx.payments_watch", env, log_name="bench-payments.log") as process:
            idle_mb = psutil.Process(process.pid).memory_info().rss / 1e6
            first, first_affected = await scan(process.url, key, day - timedelta(days=1))
            first_peak = peak_mb(process.pid)
            following, following_affected = await scan(process.url, key, day)
            reads = await read_latency(process.url, key)
            peak = peak_mb(process.pid)
        connection = await asyncpg.connect(**asyncpg_connect_kwargs(url))
        try:
            published = await connection.fetchval(
                "SELECT count(*) FROM outbox WHERE event_type = 'payments.payable.became_overdue'"
            )
            distinct = await connection.fetchval(
                "SELECT count(DISTINCT overdue_event_id) FROM payables WHERE overdue_notified_on IS NOT NULL"
            )
            risk_moves = await connection.fetchval(
                "SELECT count(*) FROM outbox WHERE event_type = 'payments.buyer.risk_changed'"
            )
        finally:
            await connection.close()

    report.heading(f"7. Payments-watch daily scan over {PAYABLES:,} payables ({PAYABLES // PER_CONTRACT:,} contracts)")
    report.row("generated in SQL", f"{generated:,.1f} s", "(setup, not measured)")
    report.row("SELECT count(*) (baseline)", f"{bare * 1000:,.1f} ms", f"{PAYABLES:,} payables")
    report.row(
        "catch-up scan",
        f"{first:,.1f} s",
        f"{expected_first:,} became_overdue, {first_affected - expected_first:,} risk levels moved "
        f"({first / bare:,.0f}x the count); peak {first_peak:,.0f} MB",
    )
    report.row(
        "next day's scan",
        f"{following:,.2f} s",
        f"{expected_next:,} became_overdue, {following_affected - expected_next:,} risk levels moved "
        f"({following / bare:,.0f}x the count)",
    )
    report.row("process memory", f"{peak:,.0f} MB", f"peak resident (VmHWM); {idle_mb:,.0f} MB when idle")
    for path, seconds in reads.items():
        report.row(f"  GET {path.split('/')[2]}", f"{seconds * 1000:,.1f} ms", f"median of {READS}: {path}")
    correct = published == distinct == expected_first + expected_next and risk_moves >= 0
    if not correct:
        report.row(
            "  WRONG", f"{published:,} events", f"for {expected_first + expected_next:,} payables ({distinct:,} marked)"
        )
    passed_time = report.verdict(
        "slower scan",
        f"{max(first, following):,.1f} s",
        f"< {TARGET_SECONDS:.0f} s",
        max(first, following) < TARGET_SECONDS,
    )
    passed_memory = report.verdict("peak memory", f"{peak:,.0f} MB", f"< {TARGET_MB:.0f} MB", peak < TARGET_MB)
    return correct and passed_time and passed_memory


async def scan(url: str, key: str, as_of: date) -> tuple[float, int]:
    async with httpx.AsyncClient(base_url=url, timeout=600) as http:
        started = time.monotonic()
        response = await http.post(
            "/v1/admin/jobs/scan-overdue",
            params={"as_of": as_of.isoformat()},
            headers={"Authorization": f"Bearer {key}"},
        )
        elapsed = time.monotonic() - started
    if response.status_code != 200:
        raise RuntimeError(f"scan-overdue answered {response.status_code}: {response.text[:300]}")
    return elapsed, response.json()["affected"]


READS = 20


async def read_latency(url: str, key: str) -> dict[str, float]:
    """One buyer's risk and one contract as of today, among 1,000,000 payables: the database answers
    for one buyer or contract, not for all of them."""
    paths = [f"/v1/buyers/{buyer_codes()[7]}/risk", "/v1/contracts/BENCH-4007"]
    found = {}
    async with httpx.AsyncClient(base_url=url, timeout=60, headers={"Authorization": f"Bearer {key}"}) as http:
        for path in paths:
            timings = []
            for _ in range(READS):
                started = time.monotonic()
                response = await http.get(path)
                timings.append(time.monotonic() - started)
                if response.status_code != 200:
                    raise RuntimeError(f"GET {path} answered {response.status_code}: {response.text[:300]}")
            found[path] = report.percentile(timings, 50)
    return found


def peak_mb(pid: int) -> float:
    """VmHWM: the most resident memory the process has held, in MB (10^6 bytes)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    return psutil.Process(pid).memory_info().rss / 1e6


async def bare_count(connection: asyncpg.Connection) -> float:
    """The best of three plain counts of the payables, warm."""
    timings = []
    for _ in range(3):
        started = time.monotonic()
        assert await connection.fetchval("SELECT count(*) FROM payables") == PAYABLES
        timings.append(time.monotonic() - started)
    return min(timings)


def buyer_codes() -> list[str]:
    """Valid credit codes of 机关 (11…), 事业单位 (12…) and enterprises (91…), by the buyer's kind."""
    prefixes = ("11", "12", "91", "91")
    codes = []
    for b in range(BUYERS):
        body = f"{prefixes[b % 4]}150102{b:09d}"
        codes.append(body + check_character(body))
    return codes


async def generate(connection: asyncpg.Connection, day: date) -> None:
    """Buyers, contracts, payables with what the service would have derived of them, their payments and
    allocations, in a handful of statements. Payable p belongs to contract p / 4 (of buyer p / 4 mod
    2,000); PostgreSQL's hashtext of p spreads its delivery over the last 540 days (due 30 days later)
    and picks k from 0 to 99, its fate: k < 1 unpaid, 1-2 half paid on time, 3-9 paid late (when its
    due date has passed), the rest paid on time (when due by now, else not yet). Deterministic: every
    run generates the same rows relative to `day`."""
    version = PAYMENTS_WATCH.load_parameters().version
    codes = buyer_codes()
    await connection.execute(
        """
        INSERT INTO buyers (code, name, kind, district_code, supervisor, risk_score, risk_level)
        SELECT ($1::text[])[b + 1], '基准单位' || b,
               (ARRAY['organ', 'institution', 'soe', 'large_enterprise'])[1 + b % 4], '150102', '呼和浩特市人民政府',
               0, 'low'
        FROM generate_series(0, $2 - 1) AS b
        """,
        codes,
        BUYERS,
    )
    await connection.execute(
        """
        INSERT INTO contracts (id, contract_no, buyer_code, buyer_kind, seller_uscc, amount_fen, subject, signed_on,
            acceptance_required, periodic_settlement, pay_when_paid_clause, seller_size_at_signing,
            seller_is_sme_at_signing, seller_size_effective_on, seller_size_basis, regulation_version, monitored,
            flags, term_days, due_is_reference, daily_rate, rate_basis, explanation, parameters_version)
        SELECT md5('c' || c)::uuid, 'BENCH-' || c, ($5::text[])[c % $1 + 1],
               (ARRAY['organ', 'institution', 'soe', 'large_enterprise'])[1 + (c % $1) % 4],
               '91150105' || lpad((c % 100000)::text, 10, '0'), 100000000000, 'goods', $2::date - 600, false, false,
               false, 'small', true, $2::date - 2000, 'in_force', '2025', true, '{}', 30, false, 0.0005, 'statutory',
               '{}'::jsonb, $3
        FROM generate_series(0, $4 - 1) AS c
        """,
        BUYERS,
        day,
        version,
        PAYABLES // PER_CONTRACT,
        codes,
    )
    await connection.execute(
        """
        CREATE TEMP TABLE generated AS
        SELECT p, md5('p' || p)::uuid AS payable_id, md5('y' || p)::uuid AS payment_id,
               md5('c' || (p / $2))::uuid AS contract_id, basis_on, basis_on + 30 AS due_on,
               1000000 + (p::bigint * 104729) % 50000000 AS amount_fen, k,
               CASE
                   WHEN k < 1 THEN NULL
                   WHEN k < 3 THEN basis_on + 29
                   WHEN k < 10 AND basis_on + 31 < $1::date THEN least(basis_on + 31 + k * 3, $1::date)
                   WHEN basis_on + 30 <= $1::date THEN basis_on + 30 - k % 10
                   ELSE NULL
               END AS paid_on
        FROM (
            SELECT p, $1::date - abs(hashtext('b' || p) % $3) AS basis_on, abs(hashtext('k' || p) % 100) AS k
            FROM generate_series(0, $4 - 1) AS p
        ) AS spread
        """,
        day,
        PER_CONTRACT,
        SPREAD_DAYS,
        PAYABLES,
    )
    await connection.execute(
        """
        INSERT INTO payables (id, contract_id, source, basis_on, amount_fen, clock_start, clock_basis, due_on,
            due_on_provisional, overdue_from, settled_on, paid_fen)
        SELECT payable_id, contract_id, 'delivery', basis_on, amount_fen, basis_on, 'delivery', due_on, false,
               CASE WHEN paid_on IS NULL OR k < 3 OR paid_on > due_on THEN due_on + 1 END,
               CASE WHEN paid_on IS NOT NULL AND k >= 3 THEN paid_on END,
               CASE WHEN paid_on IS NULL THEN 0 WHEN k < 3 THEN amount_fen / 2 ELSE amount_fen END
        FROM generated
        """
    )
    await connection.execute(
        """
        INSERT INTO payments (id, contract_id, paid_on, amount_fen, reference)
        SELECT payment_id, contract_id, paid_on, CASE WHEN k < 3 THEN amount_fen / 2 ELSE amount_fen END, 'P' || p
        FROM generated WHERE paid_on IS NOT NULL
        """
    )
    await connection.execute(
        """
        INSERT INTO allocations (payable_id, payment_id, contract_id, paid_on, amount_fen)
        SELECT payable_id, payment_id, contract_id, paid_on, CASE WHEN k < 3 THEN amount_fen / 2 ELSE amount_fen END
        FROM generated WHERE paid_on IS NOT NULL
        """
    )
    await connection.execute("DROP TABLE generated")
    await connection.execute("ANALYZE")
