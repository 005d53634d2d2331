"""6. POST /v1/simulate latency: the awards process (`python -m zjtx.awards`, one uvicorn worker, the API
role alone as in the awards-api Deployment of deploy/k8s) answering the policy calculator for a
municipal 专精特新 with an A2.2 upgrade claim, from 50 concurrent HTTP clients each sending its next
request as soon as the last is answered. Baseline: GET /healthz of the same process at the same
concurrency, measured in the same run. Target: p99 < 100 ms."""

from __future__ import annotations

import itertools
import json

import httpx

from bench import report
from bench.awards_throughput import awards_database
from bench.http_load import Load, load, raw_request, shared
from bench.infra import VAR, HttpProcess, Infra
from zjtx.common.web.auth import new_key, write_clients_file

REQUESTS = 5_000
WARMUP = 500  # per endpoint, not timed: connections open, first-call caches built
CLIENTS = 50
TARGET_P99 = 0.100

# A municipal recognition (A1.1: 200,000.00) and an upgrade of 2,500,000.00 (A2.2: 20% = 500,000.00),
# on a fixed date so the answer does not drift with the calendar.
SIMULATION = {
    "uscc": "91150105MA0Q4LJX27",
    "district_code": "150105",
    "cluster": "agri_food",
    "is_sme": True,
    "recognitions": [{"tier": "municipal_zjtx", "recognized_on": "2024-06-18"}],
    "claims": [
        {
            "rule": "A2.2",
            "project_name": "乳品生产线智能化改造",
            "investment_amount": "2500000.00",
            "completed_on": "2025-05-31",
        }
    ],
    "as_of": "2025-09-01",
}
EXPECTED_TOTAL = "700000.00"


async def run(infra: Infra) -> bool:
    key = new_key()
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    clients_file = VAR / "bench-awards-clients.json"
    write_clients_file(clients_file, {"bench": {"key": key, "scopes": ["awards:read"]}})
    # The process migrates its own database at start-up, as in production.
    async with awards_database(infra, migrated=False) as url:
        env = {
            "DATABASE_URL": url,
            "KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap_servers,
            "API_CLIENTS_FILE": str(clients_file.resolve()),
            "ENVIRONMENT": "development",
            # The API role alone, as deployed: the calculator reads nothing the other roles write, and a
            # consumer here would be applying the registry events other benchmarks left on the broker.
            "RUN_API": "true",
            "RUN_CONSUMER": "false",
            "RUN_RELAY": "false",
            "RUN_SCHEDULER": "false",
        }
        async with HttpProcess("zjtx.awards", env, log_name="bench-awards.log") as awards:
            answer = await check_answer(awards.url, headers)
            health = await warm_then_load(awards.url, awards.pid, headers, "GET", "/healthz", None)
            simulate = await warm_then_load(
                awards.url, awards.pid, headers, "POST", "/v1/simulate", json.dumps(SIMULATION).encode()
            )

    report.heading(f"6. POST /v1/simulate latency ({REQUESTS:,} requests, {CLIENTS} concurrent clients, 1 worker)")
    report.row(
        "GET /healthz (baseline)",
        f"p99 {health.p99 * 1000:.1f} ms",
        health.describe(points=(50, 99, 100), with_rate=True),
    )
    report.row(
        "POST /v1/simulate",
        f"p99 {simulate.p99 * 1000:.1f} ms",
        simulate.describe(points=(50, 99, 100), with_rate=True),
    )
    report.row("  answer", answer)
    report.row("simulate p99 / healthz p99", f"{simulate.p99 / health.p99:.2f}")
    clean = set(health.statuses) == set(simulate.statuses) == {200} and answer.startswith("total 700000.00")
    return report.verdict(
        "simulate p99",
        f"{simulate.p99 * 1000:.1f} ms",
        f"< {TARGET_P99 * 1000:.0f} ms",
        simulate.p99 < TARGET_P99 and clean,
    )


async def check_answer(url: str, headers: dict[str, str]) -> str:
    """The calculator's answer to the benchmark's question, so a fast wrong answer cannot pass."""
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as http:
        response = await http.post("/v1/simulate", content=json.dumps(SIMULATION).encode())
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    body = response.json()
    rules = ", ".join(f"{a['rule']} {a['amount']}" for a in body["awards"] if a["eligible"])
    verdict = "" if body["total"] == EXPECTED_TOTAL else f"   WRONG (expected {EXPECTED_TOTAL})"
    return f"total {body['total']} ({rules}){verdict}"


async def warm_then_load(url: str, pid: int, headers, method: str, path: str, body: bytes | None) -> Load:
    request = raw_request(url, headers, method, path, body)
    await load(url, shared(itertools.repeat(request, WARMUP), CLIENTS), ok=200)
    return await load(url, shared(itertools.repeat(request, REQUESTS), CLIENTS), ok=200, server_pid=pid)
