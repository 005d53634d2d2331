"""The registry as a real process: SIGTERM stops it cleanly with its work finished; SIGKILL in the
middle of consuming loses nothing and, after a restart, applies nothing twice."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from zjtx.common.messaging.tables import InboxRow, OutboxRow
from zjtx.common.testing.broker import collect, group_caught_up, produce
from zjtx.common.testing.process import ServiceProcess
from zjtx.common.testing.waiting import eventually
from zjtx.registry.definition import REGISTRY
from zjtx.registry.history.models import HistoryEntry

from .bus import award_event
from .factories import enterprise_body

pytestmark = [pytest.mark.broker, pytest.mark.slow]

KEY = "process-test-key"
# Enough events, applied in small batches, for the process to be killed part-way through them.
TOTAL, BATCH = 600, 10


def registry_process(database_url: str, bootstrap: str, workdir: Path) -> ServiceProcess:
    return ServiceProcess(
        REGISTRY,
        database_url=database_url,
        bootstrap=bootstrap,
        workdir=workdir,
        clients={"platform": {"key": KEY, "scopes": ["registry:read", "registry:write"]}},
        settings={"CONSUMER_BATCH_SIZE": str(BATCH)},
    )


async def _count(sessions, model, *where) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)))


async def test_sigterm_stops_cleanly_after_its_events_are_out(database_url, committed, fresh_broker, tmp_path):
    registry = registry_process(database_url, fresh_broker.bootstrap_servers, tmp_path)
    registry.start()
    async with httpx.AsyncClient(base_url=registry.url, headers={"Authorization": f"Bearer {KEY}"}) as http:
        created = await http.post("/v1/enterprises", json=enterprise_body(80))
        assert created.status_code == 201, created.text
        ready = await http.get("/readyz")
        assert ready.json() == {"status": "ready", "checks": {"database": "ok", "broker": "ok"}}
    assert registry.signal(signal.SIGTERM) == 0
    assert await _count(committed, OutboxRow, OutboxRow.sent_at.is_(None)) == 0
    received = await collect(fresh_broker.bootstrap_servers, "registry.enterprise", expected=1)
    assert [e.payload["uscc"] for e in received] == [created.json()["uscc"]]


async def test_sigkill_while_consuming_loses_nothing_and_applies_nothing_twice(
    database_url, committed, fresh_broker, tmp_path, live_client, keys
):
    uscc = (await live_client.post("/v1/enterprises", json=enterprise_body(81), headers=keys.headers("writer"))).json()[
        "uscc"
    ]
    events = [award_event(uscc, amount=f"{n}.00") for n in range(1, TOTAL + 1)]
    await produce(fresh_broker.bootstrap_servers, events)

    first = registry_process(database_url, fresh_broker.bootstrap_servers, tmp_path)
    first.start()
    await eventually(lambda: _inbox_at_least(committed, 1), timeout=30)
    assert first.signal(signal.SIGKILL) == -signal.SIGKILL  # dies mid-stream, offsets partly uncommitted
    applied_before_restart = await _count(committed, InboxRow)

    second = registry_process(database_url, fresh_broker.bootstrap_servers, tmp_path)
    second.start()
    try:
        await eventually(lambda: _inbox_at_least(committed, TOTAL), timeout=60)
        # Once the group has committed everything, nothing can be delivered again: what was
        # redelivered has been skipped by then.
        await eventually(lambda: group_caught_up(fresh_broker.bootstrap_servers, "registry", ["awards.award"]))
    finally:
        assert second.signal(signal.SIGTERM) == 0
    assert 1 <= applied_before_restart < TOTAL  # it really died mid-stream
    assert await _count(committed, InboxRow, InboxRow.consumer == "registry") == TOTAL
    assert await _count(committed, HistoryEntry, HistoryEntry.producer == "awards") == TOTAL


async def _inbox_at_least(sessions, n: int) -> bool:
    return await _count(sessions, InboxRow) >= n
