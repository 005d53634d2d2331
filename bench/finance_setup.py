"""What the finance-subsidy benchmarks share: a fresh database of the service, a broker of its own (its
consumer reads the registry's topics, which earlier benchmarks fill on the shared broker), the banks'
API clients (each bank its code and webhook secret), the enterprises in its read model as the
registry's events leave them (national 小巨人 since 2023-07-01), the service run as `python -m
zjtx.finance_subsidy` with every role on, and signed bank events. `BENCH_FINANCE_ENV="CONSUMER_BATCH_SIZE=50
…"` passes settings to the service's process, for trying them."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import secrets
import time
import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import asyncpg
import httpx

from bench.infra import VAR, Deployed, Infra
from zjtx.common.db import asyncpg_connect_kwargs, drop_database, ensure_database, with_database
from zjtx.common.devstack.broker import TansuBroker, free_port
from zjtx.common.testing.uscc import make_uscc
from zjtx.common.web.auth import SCOPES, new_key, write_clients_file
from zjtx.common.web.signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature

FIRST_SERIAL = 5_000_000  # clear of the serials other benchmarks use
EXTRA_ENV = dict(item.split("=", 1) for item in os.environ.get("BENCH_FINANCE_ENV", "").split() if "=" in item)


@dataclasses.dataclass(frozen=True)
class Bank:
    code: str
    key: str
    secret: str

    def headers(self, body: bytes) -> dict[str, str]:
        """A signed request's headers, signed now (the service checks a 5-minute window)."""
        now = int(time.time())
        return {
            "Authorization": f"Bearer {self.key}",
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: str(now),
            SIGNATURE_HEADER: signature(self.secret, now, body),
        }


@dataclasses.dataclass(frozen=True)
class Finance:
    url: str  # the service's API
    database_url: str
    bootstrap_servers: str
    admin_headers: dict[str, str]
    banks: list[Bank]
    pid: int  # the API process's
    worker_pid: int


def uscc(serial: int) -> str:
    return make_uscc(FIRST_SERIAL + serial)


def banks(count: int) -> list[Bank]:
    return [Bank(f"B{i:02d}", new_key(), secrets.token_urlsafe(32)) for i in range(1, count + 1)]


@contextlib.asynccontextmanager
async def running_finance(infra: Infra, *, banks_count: int, enterprises: int, log: str) -> AsyncIterator[Finance]:
    """The service on a fresh database and a broker of its own, its banks registered, its enterprises known."""
    name = f"zjtx_bench_finance_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    await ensure_database(infra.server_url, name)
    url = with_database(infra.server_url, name)
    admin_key = new_key()
    bank_clients = banks(banks_count)
    clients_file = VAR / f"bench-{log}-clients.json"
    write_clients_file(
        clients_file,
        {"admin": {"key": admin_key, "scopes": list(SCOPES)}}
        | {
            bank.code: {
                "key": bank.key,
                "scopes": ["finance:bank"],
                "attributes": {"bank_code": bank.code, "webhook_secret": bank.secret},
            }
            for bank in bank_clients
        },
    )
    try:
        with TansuBroker(free_port(), log_path=VAR / f"bench-{log}-broker.log") as broker:
            env = {
                "DATABASE_URL": url,
                "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
                "API_CLIENTS_FILE": str(clients_file.resolve()),
                "ENVIRONMENT": "development",
                **EXTRA_ENV,
            }
            async with Deployed("zjtx.finance_subsidy", env, log_name=f"bench-{log}") as process:
                admin = {"Authorization": f"Bearer {admin_key}"}
                await fill_read_model(url, enterprises)
                async with httpx.AsyncClient(base_url=process.url, timeout=30) as http:
                    for bank in bank_clients:
                        body = {"code": bank.code, "name": f"{bank.code} 银行", "zhubaodai_partner": True}
                        response = await http.post("/v1/banks", json=body, headers=admin)
                        assert response.status_code == 201, response.text
                yield Finance(
                    process.url, url, broker.bootstrap_servers, admin, bank_clients, process.pid, process.worker_pid
                )
    finally:
        await drop_database(infra.server_url, name)


async def fill_read_model(url: str, enterprises: int) -> None:
    """The enterprises and their national 小巨人 recognitions, as the registry's events leave them."""
    connection = await asyncpg.connect(**asyncpg_connect_kwargs(url))
    try:
        await connection.copy_records_to_table(
            "enterprise_view",
            columns=["uscc", "name", "district_code", "sector", "size_class", "is_sme", "employees", "registered"],
            records=[
                (uscc(i), f"基准企业{i}", "150105", "industry", "medium", True, 120, True) for i in range(enterprises)
            ],
        )
        await connection.copy_records_to_table(
            "recognition_view",
            columns=["recognition_id", "uscc", "tier", "recognized_on", "expires_on", "status"],
            records=[
                (uuid.uuid4(), uscc(i), "national_little_giant", date(2023, 7, 1), date(2026, 7, 1), "valid")
                for i in range(enterprises)
            ],
        )
    finally:
        await connection.close()


def event(bank: Bank, kind: str, payload: dict[str, Any]) -> bytes:
    return json.dumps(
        {
            "event_id": f"{bank.code}-{uuid.uuid4().hex}",
            "type": kind,
            "bank_code": bank.code,
            "occurred_at": "2026-03-01T10:00:00+08:00",
            "payload": payload,
        }
    ).encode()


def disbursement(bank: Bank, loan_id: str, serial: int) -> bytes:
    return event(
        bank,
        "loan.disbursed",
        {
            "loan_id": loan_id,
            "uscc": uscc(serial),
            "principal": "10000000.00",
            "annual_rate": "3.80",
            "disbursed_on": "2024-03-01",
            "maturity_on": "2026-03-01",
            "purpose": "working_capital",
            "product": "standard",
        },
    )


def month(index: int) -> tuple[str, str]:
    """The index-th monthly period of a loan disbursed on 2024-03-01 (0: March 2024)."""
    start_year, start_month = divmod(2 + index, 12)
    end_year, end_month = divmod(3 + index, 12)
    return f"{2024 + start_year}-{start_month + 1:02d}-01", f"{2024 + end_year}-{end_month + 1:02d}-01"


def interest(bank: Bank, loan_id: str, index: int) -> bytes:
    start, end = month(index)
    return event(
        bank,
        "loan.interest_paid",
        {
            "loan_id": loan_id,
            "period_start": start,
            "period_end": end,
            "outstanding_principal": "10000000.00",
            "interest_amount": "31666.67",
            "paid_on": end,
        },
    )


async def count(database_url: str, query: str) -> int:
    connection = await asyncpg.connect(**asyncpg_connect_kwargs(database_url))
    try:
        return int(await connection.fetchval(query))
    finally:
        await connection.close()
