"""7. Signed webhook intake throughput: the finance-subsidy process (`python -m zjtx.finance_subsidy`,
one worker, every role on, so its relay publishes as it writes) taking banks' signed `loan.interest_paid`
events from 32 concurrent banks' clients, each its own bank, key and secret, each event a new interest
period of a 小巨人's loan: signature checked, event recorded once (inbox), period recorded, the
enterprise's year decided again under its lock, the subsidy computed with its F.1 split, audited and
published. Baseline in the same run: a bare FastAPI endpoint doing one INSERT of the same bodies
(bench.bare_api), one worker on the same database server, the same 32 clients.
Target: finance / bare requests per second >= 0.5."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
import psutil

from bench import report
from bench.finance_setup import Bank, count, disbursement, interest, running_finance
from bench.infra import HttpProcess, Infra

CLIENTS = 32  # banks, each with its own client
LOANS_PER_BANK = 4
MONTHS = 24  # the first is sent during the warm-up
TARGET = 0.5


@dataclass
class Load:
    seconds: float = 0.0
    server_cpu_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    first_error: str | None = None

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def describe(self) -> str:
        errors = sum(n for status, n in self.statuses.items() if status != 200)
        cpu_ms = self.server_cpu_seconds / len(self.latencies) * 1000
        text = f"{report.latency_summary(self.latencies, points=(50, 99))}, server CPU {cpu_ms:.2f} ms/req"
        return text + (f", {errors} errors (first: {self.first_error})" if errors else "")


def requests(banks: list[Bank]) -> tuple[dict[str, list[bytes]], dict[str, list[bytes]]]:
    """Per bank: the warm-up (its loans disbursed, then their first month) and the timed events (the
    other 23 months of each loan, month by month)."""
    warmup: dict[str, list[bytes]] = {}
    timed: dict[str, list[bytes]] = {}
    for b, bank in enumerate(banks):
        loans = [(f"L-{bank.code}-{i}", b * LOANS_PER_BANK + i) for i in range(LOANS_PER_BANK)]
        warmup[bank.code] = [disbursement(bank, loan, serial) for loan, serial in loans]
        warmup[bank.code] += [interest(bank, loan, 0) for loan, _ in loans]
        timed[bank.code] = [interest(bank, loan, m) for m in range(1, MONTHS) for loan, _ in loans]
    return warmup, timed


async def run(infra: Infra) -> bool:
    enterprises = CLIENTS * LOANS_PER_BANK
    async with running_finance(infra, banks_count=CLIENTS, enterprises=enterprises, log="finance-intake") as finance:
        warmup, timed = requests(finance.banks)
        await load(finance.url, finance.banks, warmup)
        server = psutil.Process(finance.pid)
        cpu = _cpu(server)
        finance_load = await load(finance.url, finance.banks, timed)
        finance_load.server_cpu_seconds = _cpu(server) - cpu
        subsidies = await count(finance.database_url, "SELECT count(*) FROM subsidies WHERE status = 'computed'")
        backlog = await count(finance.database_url, "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
        # The same bodies to the bare endpoint (its signature headers are sent too, and ignored).
        async with HttpProcess(
            "bench.bare_api", {"DATABASE_URL": infra.database_url}, log_name="bench-bare-bank.log"
        ) as bare:
            await load(bare.url, finance.banks, warmup)
            server = psutil.Process(bare.pid)
            cpu = _cpu(server)
            bare_load = await load(bare.url, finance.banks, timed)
            bare_load.server_cpu_seconds = _cpu(server) - cpu

    sent = sum(len(bodies) for bodies in timed.values())
    expected = sent + enterprises  # each timed period and each warm-up first month: one subsidy
    report.heading(f"7. Signed webhook intake ({sent:,} interest_paid events, {CLIENTS} banks' clients, 1 worker)")
    report.row("bare FastAPI + 1 INSERT", f"{bare_load.rate:,.0f} req/s", bare_load.describe())
    report.row("finance-subsidy webhook", f"{finance_load.rate:,.0f} req/s", finance_load.describe())
    report.row("  subsidies computed", f"{subsidies:,}", f"(expected {expected:,}: one per period)")
    report.row("  outbox unsent at the end", f"{backlog:,}", "(its relay ran throughout)")
    ratio = finance_load.rate / bare_load.rate
    clean = set(finance_load.statuses) == set(bare_load.statuses) == {200} and subsidies == expected
    return report.verdict("finance / bare", f"{ratio:.2f}", f">= {TARGET}", ratio >= TARGET and clean)


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


async def load(url: str, banks: list[Bank], bodies: dict[str, list[bytes]]) -> Load:
    """Each bank's client sends its own events in order, on its own connection, all banks at once."""
    result = Load()

    async def client(bank: Bank) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=httpx.Limits(max_connections=1)) as http:
            for body in bodies[bank.code]:
                started = time.perf_counter()
                response = await http.post("/v1/bank-events", content=body, headers=bank.headers(body))
                result.latencies.append(time.perf_counter() - started)
                result.statuses[response.status_code] += 1
                if response.status_code != 200 and result.first_error is None:
                    result.first_error = f"{response.status_code} {response.text[:200]}"

    started = time.perf_counter()
    await asyncio.gather(*(client(bank) for bank in banks))
    result.seconds = time.perf_counter() - started
    return result
