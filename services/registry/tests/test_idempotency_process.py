"""Idempotency-Key across a crash: the registry as a real process, SIGKILLed while a write with a key is
inside its transaction (the key claimed, the effect not yet committed). A retry with the same key and
body after the restart runs the write, once; it is never told for ever that the first is still running."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text

from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.process import ServiceProcess
from zjtx.common.testing.waiting import eventually
from zjtx.registry.definition import REGISTRY
from zjtx.registry.enterprise.models import Enterprise

from .factories import enterprise_body

pytestmark = pytest.mark.slow

KEY = "idempotency-process-test-key"
HEADERS = {"Authorization": f"Bearer {KEY}", "Idempotency-Key": "crash-0001"}


def registry_process(database_url: str, workdir: Path) -> ServiceProcess:
    """The API alone: no relay or consumer, so nothing but the requests below touches the database."""
    return ServiceProcess(
        REGISTRY,
        database_url=database_url,
        bootstrap="127.0.0.1:1",
        workdir=workdir,
        clients={"platform": {"key": KEY, "scopes": ["registry:read", "registry:write"]}},
        settings={"RUN_CONSUMER": "false", "RUN_RELAY": "false"},
    )


async def _writes_waiting_for_a_lock(sessions) -> int:
    """Backends of this database waiting for a lock to write into the outbox: the write, past its
    claim (the first statement of its transaction) and held before its commit. Asked in a transaction
    of its own: a transaction sees pg_stat_activity as it was when it first looked."""
    async with sessions() as session:
        return int(
            await session.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock' AND query LIKE '%outbox%'"
                )
            )
        )


async def _counts(sessions, uscc: str) -> tuple[int, int]:
    async with sessions() as session:
        return (
            await session.scalar(select(func.count()).select_from(Enterprise).where(Enterprise.uscc == uscc)),
            await session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.key == uscc)),
        )


async def test_a_write_killed_inside_its_transaction_runs_once_when_retried_with_its_key(
    database_url, committed, engine, tmp_path
):
    body = enterprise_body(95)
    first = registry_process(database_url, tmp_path)
    first.start()
    try:
        async with engine.connect() as blocker, httpx.AsyncClient(base_url=first.url, headers=HEADERS) as http:
            # The test's transaction holds the outbox: the write claims its key, writes the enterprise,
            # and waits for the outbox, inside its transaction, until the process is killed.
            await blocker.execute(text("LOCK TABLE outbox IN SHARE MODE"))
            in_flight = asyncio.create_task(http.post("/v1/enterprises", json=body, timeout=60))
            await eventually(lambda: _writes_waiting_for_a_lock(committed), timeout=30, what="the write held")
            assert first.signal(signal.SIGKILL) == -signal.SIGKILL
            with pytest.raises(httpx.TransportError):
                await in_flight
            await blocker.rollback()  # the dead process's transaction now ends: PostgreSQL rolls it back
    finally:
        first.stop()
    assert await _counts(committed, body["uscc"]) == (0, 0)

    second = registry_process(database_url, tmp_path)
    second.start()
    try:
        async with httpx.AsyncClient(base_url=second.url, headers=HEADERS) as http:

            async def answered() -> httpx.Response | None:
                response = await http.post("/v1/enterprises", json=body, timeout=30)
                # 409 only while the dead write's transaction lingers; then the retry runs.
                return None if response.status_code == 409 else response

            retried = await eventually(answered, timeout=20, interval=0.2, what="a retry not told 409")
            assert retried.status_code == 201, retried.text
            assert "idempotent-replayed" not in retried.headers  # the first never took effect: it ran now
            again = await http.post("/v1/enterprises", json=body, timeout=30)
            assert (again.status_code, again.headers.get("idempotent-replayed")) == (201, "true")
            assert again.json() == retried.json()
    finally:
        second.stop()
    assert await _counts(committed, body["uscc"]) == (1, 1)  # the enterprise once, its event once
