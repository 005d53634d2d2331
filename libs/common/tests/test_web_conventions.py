"""What every service gets from the kit, checked on the throwaway service: idempotency keys left
unanswered by an older version or too long, readiness that says when the database or the broker is
away, and settings that refuse to run production with development defaults."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, update

from zjtx.common.db import create_engine, create_sessionmaker
from zjtx.common.kit import create_app
from zjtx.common.messaging.tables import DeadLetterRow
from zjtx.common.settings import Environment, ServiceSettings, UnsafeSettings
from zjtx.common.testing.clients import asgi_client
from zjtx.common.web.auth import new_key, write_clients_file
from zjtx.common.web.idempotency import IdempotencyRecord, request_fingerprint


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


async def test_a_key_left_claimed_and_unanswered_by_an_older_version_is_answered_as_running(client, keys, sessions):
    # The earlier design committed a claim before the request ran; a process of that version (during an
    # upgrade) leaves such a row while it runs. A request that is running now holds its claim
    # uncommitted (test_idempotency.py).
    body = b'{"name": "a"}'
    async with sessions() as session, session.begin():  # committed, with no answer
        fingerprint = request_fingerprint("POST", "/v1/ticks", b"", body)
        session.add(IdempotencyRecord(client="admin", key="tick-7", fingerprint=fingerprint))
    response = await client.post(
        "/v1/ticks",
        content=body,
        headers={**keys.headers("admin"), "Idempotency-Key": "tick-7", "Content-Type": "application/json"},
    )
    assert (response.status_code, response.json()["code"]) == (409, "idempotency_in_progress")


async def test_an_idempotency_key_that_is_too_long_is_refused(client, keys, sessions):
    response = await client.post(
        "/v1/ticks", json={"name": "a"}, headers={**keys.headers("admin"), "Idempotency-Key": "k" * 201}
    )
    assert (response.status_code, response.json()["code"]) == (400, "idempotency_key_invalid")
    assert response.headers["content-type"] == "application/problem+json"


async def test_readiness_is_503_while_the_database_is_away(service_definition, settings, keys):
    away = create_engine("postgresql://postgres@127.0.0.1:1/nowhere")
    try:
        app = create_app(service_definition, settings, sessions=create_sessionmaker(away), clients=keys.store)
        async with asgi_client(app) as http:
            response = await http.get("/readyz")
    finally:
        await away.dispose()
    assert response.status_code == 503
    assert response.json()["status"] == "not_ready"
    assert response.json()["checks"]["database"].startswith("unreachable")


@pytest.mark.parametrize(("consumer", "expected"), [(True, 503), (False, 200)], ids=["worker", "api-only"])
async def test_readiness_depends_on_the_broker_only_for_the_roles_that_use_it(
    service_definition, settings, sessions, keys, consumer, expected
):
    settings = settings.model_copy(
        update={"kafka_bootstrap_servers": "127.0.0.1:1", "run_consumer": consumer, "run_relay": consumer}
    )
    app = create_app(service_definition, settings, sessions=sessions, clients=keys.store)
    async with asgi_client(app) as http:
        response = await http.get("/readyz")
    assert response.status_code == expected
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"].get("broker") == ("unreachable" if consumer else None)


def test_production_refuses_debug_missing_clients_development_keys_and_open_metrics(tmp_path):
    with pytest.raises(UnsafeSettings, match="API_CLIENTS_FILE is not set"):
        ServiceSettings(environment=Environment.PRODUCTION)
    real = tmp_path / "clients.json"
    write_clients_file(real, {"platform": {"key": new_key(), "scopes": ["registry:read"]}})
    with pytest.raises(UnsafeSettings, match="DEBUG is on"):
        ServiceSettings(environment=Environment.PRODUCTION, api_clients_file=real, debug=True)
    development = tmp_path / "dev-clients.json"
    write_clients_file(development, {"admin": {"key": new_key(), "scopes": ["admin"]}}, generated_for="development")
    with pytest.raises(UnsafeSettings, match="holds the generated development keys"):
        ServiceSettings(environment=Environment.PRODUCTION, api_clients_file=development)
    with pytest.raises(UnsafeSettings, match="/metrics would answer anyone"):
        ServiceSettings(environment=Environment.PRODUCTION, api_clients_file=real)
    accepted = ServiceSettings(environment=Environment.PRODUCTION, api_clients_file=real, metrics_port=9464)
    assert accepted.environment is Environment.PRODUCTION
    assert ServiceSettings(environment=Environment.PRODUCTION, api_clients_file=real, metrics_key_sha256="ab" * 32)
    assert json.loads(real.read_text())["clients"]["platform"]["key_sha256"]  # only the hash is kept


async def test_dead_letters_are_paged_by_their_sort_key_and_a_wild_cursor_is_refused(client, keys, sessions):
    # Five parked at the same instant (one transaction: one now()), so the id breaks the tie; one is
    # re-driven between the pages, which an offset would answer by skipping a letter.
    async with sessions() as session, session.begin():
        session.add_all(
            DeadLetterRow(consumer="c", topic="t", partition=0, offset=n, raw="{}", error="e", attempts=1)
            for n in range(5)
        )
    first = (await client.get("/v1/admin/dead-letters?limit=2", headers=keys.headers("admin"))).json()
    async with sessions() as session, session.begin():
        await session.execute(
            update(DeadLetterRow).where(DeadLetterRow.id == first["items"][0]["id"]).values(redriven_at=func.now())
        )
    seen, cursor = [item["id"] for item in first["items"]], first["next_cursor"]
    while cursor:
        page = (
            await client.get(
                "/v1/admin/dead-letters", params={"limit": 2, "cursor": cursor}, headers=keys.headers("admin")
            )
        ).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 5
    for wild in ("abc", "7", "WyJ4Il0"):  # not base64 JSON, a bare number, a list of one
        response = await client.get(f"/v1/admin/dead-letters?cursor={wild}", headers=keys.headers("admin"))
        assert (response.status_code, response.json()["code"]) == (400, "cursor_invalid"), wild


async def test_a_request_leaves_fastapis_own_opentelemetry_alone(client, keys, monkeypatch):
    # The platform's tracing is zjtx.common.tracing's. FastAPI's own, left on, asks OpenTelemetry's
    # global providers at every request whether one is configured (three lookups in os.environ, some 3%
    # of a request's CPU): none of them is asked now.
    from opentelemetry import _logs as logs
    from opentelemetry import metrics, trace

    asked: list[str] = []
    for module, getter in (
        (trace, "get_tracer_provider"),
        (metrics, "get_meter_provider"),
        (logs, "get_logger_provider"),
    ):
        original = getattr(module, getter)
        monkeypatch.setattr(module, getter, lambda original=original, getter=getter: asked.append(getter) or original())
    response = await client.post("/v1/ticks", json={"name": "a"}, headers=keys.headers("admin"))
    assert response.status_code == 202, response.text
    assert asked == []
