"""Idempotency-Key records past their retention, and claims left unanswered by the earlier design, are
deleted by the kit's job (then the key names a new request); the claim wait is a setting, honoured
and bounded. On the throwaway service, with transactions that really commit."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from prometheus_client import REGISTRY
from pydantic import ValidationError
from sqlalchemy import insert, select, text

from zjtx.common.kit import create_app
from zjtx.common.kit.process import build_process
from zjtx.common.settings import ServiceSettings
from zjtx.common.testing.waiting import eventually
from zjtx.common.web import idempotency_retention
from zjtx.common.web.idempotency import IdempotencyRecord, request_fingerprint

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TICK = b'{"name": "stuck"}'


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


@pytest.fixture
async def http(service_definition, settings, committed, keys):
    app = create_app(service_definition, settings, sessions=committed, clients=keys.store)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def _put(sessions, key: str, created_at: datetime, *, status: int | None = 200, fingerprint: str = "f" * 64):
    async with sessions() as session, session.begin():
        await session.execute(
            insert(IdempotencyRecord).values(
                client="admin", key=key, fingerprint=fingerprint, status_code=status, body="{}", created_at=created_at
            )
        )


async def _keys(sessions) -> set[str]:
    async with sessions() as session:
        return set(await session.scalars(select(IdempotencyRecord.key)))


def _deleted(reason: str) -> float:
    return REGISTRY.get_sample_value("zjtx_idempotency_keys_deleted_total", {"reason": reason}) or 0.0


async def test_keys_past_the_retention_are_deleted_in_batches_and_newer_ones_kept(committed, monkeypatch):
    monkeypatch.setattr(idempotency_retention, "BATCH_SIZE", 2)  # five old keys: three batches
    for n in range(5):
        await _put(committed, f"old-{n}", NOW - timedelta(hours=24, minutes=1 + n))
    await _put(committed, "recent", NOW - timedelta(hours=23, minutes=59))
    await _put(committed, "recent-unanswered", NOW - timedelta(minutes=5), status=None)  # within the grace
    before = _deleted("expired")

    deleted = await idempotency_retention.delete_old_keys(committed, retention=timedelta(hours=24), now=NOW)

    assert deleted == 5
    assert await _keys(committed) == {"recent", "recent-unanswered"}
    assert _deleted("expired") - before == 5


async def test_a_claim_left_unanswered_is_deleted_and_a_retry_with_its_key_then_runs(http, keys, committed):
    # A claim the earlier design committed before its request ran, and never settled: answered 409.
    fingerprint = request_fingerprint("POST", "/v1/ticks", b"", TICK)
    await _put(committed, "tick-stuck", datetime.now(UTC) - timedelta(hours=1), status=None, fingerprint=fingerprint)
    headers = {**keys.headers("admin"), "Idempotency-Key": "tick-stuck", "Content-Type": "application/json"}
    stuck = await http.post("/v1/ticks", content=TICK, headers=headers)
    assert (stuck.status_code, stuck.json()["code"]) == (409, "idempotency_in_progress")
    before = _deleted("unanswered")

    # Well within the retention: the claim goes for having no answer, not for its age.
    assert await idempotency_retention.delete_old_keys(committed, retention=timedelta(hours=24)) == 1

    assert _deleted("unanswered") - before == 1
    retried = await http.post("/v1/ticks", content=TICK, headers=headers)
    assert retried.status_code == 202 and "idempotent-replayed" not in retried.headers
    again = await http.post("/v1/ticks", content=TICK, headers=headers)
    assert (again.status_code, again.headers["idempotent-replayed"]) == (202, "true")


async def test_every_service_schedules_the_retention_with_its_setting(service_definition, settings, committed):
    process = build_process(service_definition, settings.model_copy(update={"idempotency_retention_hours": 2}))
    try:
        [job] = [job for job in process.jobs if job.name == idempotency_retention.JOB_NAME]
        await _put(committed, "three-hours", datetime.now(UTC) - timedelta(hours=3))
        await _put(committed, "one-hour", datetime.now(UTC) - timedelta(hours=1))
        assert await job.run() == 1
    finally:
        await process.on_shutdown()
    assert await _keys(committed) == {"one-hour"}


async def _waiting(sessions, table: str) -> int:
    async with sessions() as session:
        return int(
            await session.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock' AND query LIKE :table"
                ),
                {"table": f"%{table}%"},
            )
        )


async def test_a_duplicate_waits_the_configured_claim_wait_then_is_told_the_first_is_running(
    http, keys, committed, engine, settings, monkeypatch
):
    # Twice the default: a middleware that ignored the setting would answer after 1 s.
    monkeypatch.setattr(settings, "idempotency_claim_wait_ms", 2000)
    headers = {**keys.headers("admin"), "Idempotency-Key": "tick-wait"}
    loop = asyncio.get_running_loop()
    async with engine.connect() as blocker:
        # The first request claims its key, then waits for the outbox inside its transaction.
        await blocker.execute(text("LOCK TABLE outbox IN SHARE MODE"))
        first = asyncio.create_task(http.post("/v1/ticks", json={"name": "wait"}, headers=headers))
        await eventually(lambda: _waiting(committed, "outbox"), what="the first request held")
        started = loop.time()
        retry = await asyncio.wait_for(http.post("/v1/ticks", json={"name": "wait"}, headers=headers), 20)
        waited = loop.time() - started
        await blocker.rollback()
    assert (retry.status_code, retry.json()["code"]) == (409, "idempotency_in_progress")
    assert 2.0 <= waited < 5.0, waited
    assert (await first).status_code == 202


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("IDEMPOTENCY_CLAIM_WAIT_MS", "0"),
        ("IDEMPOTENCY_CLAIM_WAIT_MS", "60000"),
        ("IDEMPOTENCY_CLAIM_WAIT_MS", "1s"),
        ("IDEMPOTENCY_RETENTION_HOURS", "0"),
    ],
)
def test_an_invalid_setting_is_refused_at_start_naming_it(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as refused:
        ServiceSettings()
    assert name.lower() in str(refused.value)


def test_the_defaults_are_a_day_and_a_second():
    settings = ServiceSettings()
    assert (settings.idempotency_retention_hours, settings.idempotency_claim_wait_ms) == (24, 1000)
