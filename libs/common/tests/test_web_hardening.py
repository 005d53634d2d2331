"""What the kit does with input a careless or hostile caller sends, on the throwaway service: text that
PostgreSQL cannot store, oversized headers, keys guessed at speed, retries right after an answer, a
method a path does not have, a forged request id, an unexpected failure. Each was once a 500, an
answer as if nothing were wrong, or a collision; each now has a clear answer and changes nothing."""

from __future__ import annotations

import logging

import httpx
import pytest
from sqlalchemy import func, select

from zjtx.common.kit import create_app
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.clients import asgi_client
from zjtx.common.web.errors import problem_document


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


def _as_admin(keys, **headers) -> dict[str, str]:
    return {**keys.headers("admin"), **headers}


async def _outbox(sessions) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxRow)))


async def test_a_nul_in_a_json_string_is_refused_naming_the_field(client, keys, sessions):
    response = await client.post(
        "/v1/ticks", content=b'{"name": "a\\u0000b"}', headers=_as_admin(keys, **{"content-type": "application/json"})
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid_text")
    assert response.json()["errors"] == [{"field": "name", "message": "holds a NUL character"}]
    assert await _outbox(sessions) == 0


async def test_a_lone_surrogate_is_refused_and_the_answer_still_encodes(client, keys, sessions):
    response = await client.post(
        "/v1/ticks", content=b'{"name": "\\ud800x"}', headers=_as_admin(keys, **{"content-type": "application/json"})
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid_text")
    assert "lone surrogate" in response.json()["detail"]
    assert await _outbox(sessions) == 0


async def test_a_body_that_is_not_utf8_is_malformed(client, keys):
    response = await client.post(
        "/v1/ticks",
        content=b'{"name": "\xed\xa0\x80"}',
        headers=_as_admin(keys, **{"content-type": "application/json"}),
    )
    assert (response.status_code, response.json()["code"]) == (400, "malformed_json")


async def test_a_nul_in_a_path_or_a_query_parameter_is_refused(client, keys):
    in_path = await client.get("/v1/counters/a%00b", headers=_as_admin(keys))
    assert (in_path.status_code, in_path.json()["errors"]) == (
        422,
        [{"field": "path", "message": "holds a NUL character"}],
    )
    in_query = await client.get("/v1/counters/a?note=x%00y", headers=_as_admin(keys))
    assert in_query.json()["errors"] == [{"field": "query.note", "message": "holds a NUL character"}]
    not_utf8 = await client.get("/v1/counters/a?note=%ff", headers=_as_admin(keys))
    assert (not_utf8.status_code, not_utf8.json()["errors"][0]["message"]) == (422, "is not UTF-8")


def test_an_error_about_unencodable_input_still_encodes():
    document = problem_document(
        status=422, code="x", title="t", detail="bad: \ud800", request_id=None, errors=["\udfff"]
    )
    assert document["detail"] == "bad: ?" and document["errors"] == ["?"]


async def test_a_huge_header_or_too_many_headers_get_431(client, keys):
    huge = await client.get("/v1/counters/a", headers={"Authorization": "Bearer " + "k" * (32 * 1024 * 1024)})
    assert (huge.status_code, huge.json()["code"]) == (431, "headers_too_large")
    many = await client.get("/v1/counters/a", headers=_as_admin(keys, **{f"x-h{i}": "1" for i in range(70)}))
    assert many.status_code == 431


async def test_guessing_keys_at_speed_is_limited_per_source_address(service_definition, settings, sessions, keys):
    settings = settings.model_copy(update={"rate_limit_per_address": "5/minute", "rate_limit_per_client": "8/minute"})
    app = create_app(service_definition, settings, sessions=sessions, clients=keys.store)
    async with asgi_client(app) as http:
        guesses = [await http.get("/v1/counters/a", headers={"Authorization": f"Bearer guess-{i}"}) for i in range(7)]
        assert [r.status_code for r in guesses] == [401] * 5 + [429] * 2
        assert int(guesses[-1].headers["retry-after"]) >= 1 and guesses[-1].json()["code"] == "rate_limited"
        # A known client has a limit of its own, apart from the guessers'.
        known = [await http.get("/v1/counters/a", headers=_as_admin(keys)) for _ in range(9)]
        assert [r.status_code for r in known] == [200] * 8 + [429]
        assert (await http.get("/healthz")).status_code == 200  # probes are never limited


async def test_a_retry_right_after_the_answer_is_replayed(client, keys, sessions):
    headers = _as_admin(keys, **{"Idempotency-Key": "tick-1"})
    first = await client.post("/v1/ticks", json={"name": "a"}, headers=headers)
    again = await client.post("/v1/ticks", json={"name": "a"}, headers=headers)
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()
    assert await _outbox(sessions) == 1


async def test_an_idempotency_key_of_other_than_visible_ascii_is_refused(client, keys):
    for raw in (b"k\xff1", b"k\xfe1", "键".encode()):
        response = await client.post(
            "/v1/ticks", json={"name": "a"}, headers=[*_as_admin(keys).items(), ("Idempotency-Key", raw)]
        )
        assert (response.status_code, response.json()["code"]) == (400, "idempotency_key_invalid")


async def test_a_method_a_path_does_not_have_says_which_it_has(client, keys):
    response = await client.delete("/v1/ticks", headers=_as_admin(keys))
    assert (response.status_code, response.json()["code"]) == (405, "method_not_allowed")
    assert response.headers["allow"] == "POST"


async def test_the_request_id_is_ours_and_the_callers_is_kept_apart(client, keys, sessions):
    response = await client.post(
        "/v1/ticks", json={"name": "a"}, headers=_as_admin(keys, **{"X-Request-ID": "platform-42"})
    )
    ours = response.headers["x-request-id"]
    assert ours != "platform-42" and len(ours) == 36
    assert response.headers["x-client-request-id"] == "platform-42"
    forged = await client.get("/v1/counters/a", headers=_as_admin(keys, **{"X-Request-ID": "a b"}))
    assert "x-client-request-id" not in forged.headers  # not a plausible id: not echoed, not kept


async def test_an_unexpected_failure_is_a_500_that_closes_the_connection_and_is_logged(
    service_definition, settings, sessions, keys, caplog
):
    app = create_app(service_definition, settings, sessions=sessions, clients=keys.store)

    @app.get("/v1/broken")
    async def broken() -> None:
        raise RuntimeError("a bug")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    with caplog.at_level(logging.ERROR):
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            response = await http.get("/v1/broken", headers=_as_admin(keys))
    assert (response.status_code, response.json()["code"]) == (500, "internal_error")
    assert response.headers["connection"] == "close"
    assert any(response.headers["x-request-id"] in record.getMessage() for record in caplog.records)
