"""Idempotency-Key on the throwaway service, with transactions that really commit: the key's record
commits with the write's effect or not at all; a repeat that arrives while the first is running waits
for it a little, then is told so (never held as long as the first takes), and once the first has
committed is answered from its record; an answer from a route without a transaction is kept too."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select, text

from zjtx.common.kit import create_app
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.clients import asgi_client
from zjtx.common.testing.waiting import eventually
from zjtx.common.web import idempotency
from zjtx.common.web.idempotency import IdempotencyRecord


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


@pytest.fixture
def live_app(service_definition, settings, committed, keys):
    return create_app(service_definition, settings, sessions=committed, clients=keys.store)


@pytest.fixture
async def http(live_app) -> AsyncIterator[httpx.AsyncClient]:
    # A 500 is an answer here, as a caller sees it (the error handler re-raises it for the server to log).
    transport = httpx.ASGITransport(app=live_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def _headers(keys, key: str) -> dict[str, str]:
    return {**keys.headers("admin"), "Idempotency-Key": key}


async def _outbox(sessions, name: str) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.key == name)))


async def _record(sessions, key: str) -> IdempotencyRecord | None:
    async with sessions() as session:
        return await session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.key == key))


async def _waiting(sessions, table: str) -> int:
    """Backends waiting for a lock in a statement that names `table` ('outbox': a write held inside its
    transaction by the test's lock; 'idempotency_keys': a duplicate waiting for the first's claim).
    Asked in a transaction of its own, which sees pg_stat_activity as it is now."""
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


async def test_a_retry_while_the_first_is_running_is_told_so_and_once_it_has_committed_is_replayed(
    http, keys, committed, engine
):
    headers = _headers(keys, "tick-running")
    async with engine.connect() as blocker:
        # The first request claims its key, then waits for the outbox inside its transaction.
        await blocker.execute(text("LOCK TABLE outbox IN SHARE MODE"))
        first = asyncio.create_task(http.post("/v1/ticks", json={"name": "running"}, headers=headers))
        await eventually(lambda: _waiting(committed, "outbox"), what="the first request held")
        # The retry waits for the first's claim the claim wait at most, not as long as the first takes.
        retry = await asyncio.wait_for(http.post("/v1/ticks", json={"name": "running"}, headers=headers), 20)
        assert (retry.status_code, retry.json()["code"]) == (409, "idempotency_in_progress")
        assert "idempotent-replayed" not in retry.headers
        await blocker.rollback()
    answered = await first
    assert answered.status_code == 202 and "idempotent-replayed" not in answered.headers
    again = await http.post("/v1/ticks", json={"name": "running"}, headers=headers)
    assert (again.status_code, again.headers["idempotent-replayed"]) == (202, "true")
    assert again.json() == answered.json()
    assert await _outbox(committed, "running") == 1
    assert (await _record(committed, "tick-running")).status_code == 202  # the 409 was not kept


async def test_a_duplicate_waiting_on_the_first_gets_its_answer_when_it_commits(
    http, keys, committed, engine, settings, monkeypatch
):
    # Long enough for the test to see both requests waiting before the duplicate gives up.
    monkeypatch.setattr(settings, "idempotency_claim_wait_ms", 30_000)
    headers = _headers(keys, "tick-waiting")
    async with engine.connect() as blocker:
        await blocker.execute(text("LOCK TABLE outbox IN SHARE MODE"))
        first = asyncio.create_task(http.post("/v1/ticks", json={"name": "waiting"}, headers=headers))
        await eventually(lambda: _waiting(committed, "outbox"), what="the first request held")
        duplicate = asyncio.create_task(http.post("/v1/ticks", json={"name": "waiting"}, headers=headers))
        await eventually(lambda: _waiting(committed, "idempotency_keys"), what="the duplicate waiting for the claim")
        await blocker.rollback()
    answered, replayed = await first, await duplicate
    assert answered.status_code == 202 and "idempotent-replayed" not in answered.headers
    assert (replayed.status_code, replayed.headers["idempotent-replayed"]) == (202, "true")
    assert await _outbox(committed, "waiting") == 1


@pytest.mark.parametrize("refusing", ["outbox", "idempotency_keys"], ids=["the effect", "the answer"])
async def test_when_the_effect_or_its_answer_fails_to_commit_neither_is_kept_and_a_retry_runs(
    http, keys, committed, engine, refusing
):
    # A deferred trigger refuses, when the transaction commits, the tick named "doomed" (in the outbox)
    # or the answer to its key (in the key's record): the commit fails after the endpoint has answered
    # and its answer was recorded. Whichever is refused, the other goes with it.
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                " IF NEW.key IN ('doomed', 'tick-doomed') AND (TG_TABLE_NAME = 'outbox' OR NEW.status_code IS NOT NULL)"
                " THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NULL; END $$"
            )
        )
        await connection.execute(
            text(
                f"CREATE CONSTRAINT TRIGGER refuse_doomed AFTER INSERT OR UPDATE ON {refusing}"
                " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_doomed()"
            )
        )
    headers = _headers(keys, "tick-doomed")
    try:
        refused = await http.post("/v1/ticks", json={"name": "doomed"}, headers=headers)
        assert (refused.status_code, refused.json()["code"]) == (500, "internal_error")
        assert await _outbox(committed, "doomed") == 0  # no effect
        assert await _record(committed, "tick-doomed") is None  # and no answer
    finally:
        async with engine.begin() as connection:
            await connection.execute(text(f"DROP TRIGGER refuse_doomed ON {refusing}"))
            await connection.execute(text("DROP FUNCTION refuse_doomed()"))
    retried = await http.post("/v1/ticks", json={"name": "doomed"}, headers=headers)
    assert retried.status_code == 202 and "idempotent-replayed" not in retried.headers
    assert await _outbox(committed, "doomed") == 1
    record = await _record(committed, "tick-doomed")
    assert (record.status_code, record.body) == (202, retried.text)  # committed with the effect


async def test_an_answer_from_a_route_without_a_transaction_is_kept_and_replayed(
    service_definition, settings, committed, keys
):
    app = create_app(service_definition, settings, sessions=committed, clients=keys.store)
    calls = []

    @app.post("/v1/echo")  # a plain APIRoute: no transaction of the request's
    async def echo(body: dict) -> dict:
        calls.append(body)
        return {"echo": body, "call": len(calls)}

    async with asgi_client(app) as client:
        headers = _headers(keys, "echo-1")
        first = await client.post("/v1/echo", json={"a": 1}, headers=headers)
        again = await client.post("/v1/echo", json={"a": 1}, headers=headers)
        other = await client.post("/v1/echo", json={"a": 2}, headers=headers)
        missing = [await client.post("/v1/nowhere", json={}, headers=_headers(keys, "nowhere")) for _ in range(2)]
    assert first.json() == {"echo": {"a": 1}, "call": 1}
    assert (again.status_code, again.headers["idempotent-replayed"], again.json()) == (200, "true", first.json())
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    assert [m.status_code for m in missing] == [404, 404]
    assert missing[1].headers["idempotent-replayed"] == "true"


async def test_the_claim_bounds_its_own_wait_only_and_leaves_the_transactions_lock_timeout_as_it_was(committed):
    keyed = idempotency.KeyedRequest("admin", "bounded-1", "f" * 64)
    async with committed() as session, session.begin():
        await session.execute(text("SET LOCAL lock_timeout = '7s'"))
        assert await idempotency.claim(session, keyed, request_id=None) is None  # the first: it runs
        # The effect's own locks (an enterprise's row, a decision's advisory lock) wait as they always did.
        assert await session.scalar(text("SELECT current_setting('lock_timeout')")) == "7s"
