"""10. Signed webhook intake throughput: finance-subsidy as deployed (bench.infra.Deployed: its API process
takes the requests; its worker process beside it relays what they publish) taking banks' signed `loan.interest_paid`
events from 32 concurrent banks' clients, each its own bank, key and secret, each event a new interest
period of a 小巨人's loan: signature checked, event recorded once (inbox), period recorded, the
enterprise's year decided again under its lock, the subsidy computed with its F.1 split, audited and
published. Baseline in the same run: a bare FastAPI endpoint doing one INSERT of the same bodies
(bench.bare_api), one worker on the same database server, the same 32 clients; the two take the events
in turns, a third of them each time.
Target: finance / bare requests per second >= 0.5."""

from __future__ import annotations

from bench import report
from bench.finance_setup import Bank, count, disbursement, interest, running_finance
from bench.http_load import Load, load, raw_request
from bench.infra import HttpProcess, Infra

CLIENTS = 32  # banks, each with its own client
LOANS_PER_BANK = 4
MONTHS = 24  # the first is sent during the warm-up
ROUNDS = 3  # the two servers take turns, so that this machine's slower and faster spells fall on both
TARGET = 0.5


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
        # The same bodies to the bare endpoint (its signature headers are sent too, and ignored).
        async with HttpProcess(
            "bench.bare_api", {"DATABASE_URL": infra.database_url}, log_name="bench-bare-bank.log"
        ) as bare:
            await send(finance.url, finance.banks, warmup)
            await send(bare.url, finance.banks, warmup)
            finance_loads, bare_loads = [], []
            for part in rounds(timed):  # in turns: months 1-8, then 9-16, then 17-23 of every loan
                finance_loads.append(
                    await send(finance.url, finance.banks, part, server_pid=finance.pid, worker_pid=finance.worker_pid)
                )
                bare_loads.append(await send(bare.url, finance.banks, part, server_pid=bare.pid))
        finance_load, bare_load = Load.merged(finance_loads), Load.merged(bare_loads)
        subsidies = await count(finance.database_url, "SELECT count(*) FROM subsidies WHERE status = 'computed'")
        backlog = await count(finance.database_url, "SELECT count(*) FROM outbox WHERE sent_at IS NULL")

    sent = sum(len(bodies) for bodies in timed.values())
    expected = sent + enterprises  # each timed period and each warm-up first month: one subsidy
    report.heading(
        f"10. Signed webhook intake ({sent:,} interest_paid events in {ROUNDS} rounds, in turn with the bare "
        f"endpoint, {CLIENTS} banks' clients, 1 worker)"
    )
    report.row("bare FastAPI + 1 INSERT", f"{bare_load.rate:,.0f} req/s", bare_load.describe())
    report.row("finance-subsidy webhook", f"{finance_load.rate:,.0f} req/s", finance_load.describe())
    each = " ".join(f"{f.rate / b.rate:.2f}" for f, b in zip(finance_loads, bare_loads, strict=True))
    report.row("  each round's ratio", each)
    report.row("  subsidies computed", f"{subsidies:,}", f"(expected {expected:,}: one per period)")
    report.row("  outbox unsent at the end", f"{backlog:,}", "(its worker's relay ran throughout)")
    ratio = finance_load.rate / bare_load.rate
    clean = set(finance_load.statuses) == set(bare_load.statuses) == {200} and subsidies == expected
    return report.verdict("finance / bare", f"{ratio:.2f}", f">= {TARGET}", ratio >= TARGET and clean)


def rounds(timed: dict[str, list[bytes]]) -> list[dict[str, list[bytes]]]:
    """Each bank's timed events cut into ROUNDS consecutive parts: a bank's events stay in their order."""
    size = -(-max(len(bodies) for bodies in timed.values()) // ROUNDS)
    return [{code: bodies[r * size : (r + 1) * size] for code, bodies in timed.items()} for r in range(ROUNDS)]


async def send(
    url: str,
    banks: list[Bank],
    bodies: dict[str, list[bytes]],
    *,
    server_pid: int | None = None,
    worker_pid: int | None = None,
) -> Load:
    """Each bank's client sends its own events in order, on its own connection, all banks at once; each
    request signed as it is made, just before the load (a run lasts far less than the 5-minute window)."""
    streams = [
        [raw_request(url, bank.headers(body), "POST", "/v1/bank-events", body) for body in bodies[bank.code]]
        for bank in banks
    ]
    return await load(url, streams, ok=200, server_pid=server_pid, worker_pid=worker_pid)
