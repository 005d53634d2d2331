"""Idempotency-Key on writes: a repeat returns the first answer and writes nothing more."""

from __future__ import annotations

from sqlalchemy import func, select

from zjtx.common.messaging.tables import OutboxRow
from zjtx.registry.enterprise.models import Enterprise

from .factories import enterprise_body


async def _counts(sessions) -> tuple[int, int]:
    async with sessions() as session:
        return (
            await session.scalar(select(func.count()).select_from(Enterprise)),
            await session.scalar(select(func.count()).select_from(OutboxRow)),
        )


async def test_a_repeat_returns_the_first_answer(client, keys, sessions):
    headers = {**keys.headers("writer"), "Idempotency-Key": "platform-req-0001"}
    first = await client.post("/v1/enterprises", json=enterprise_body(90), headers=headers)
    again = await client.post("/v1/enterprises", json=enterprise_body(90), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert await _counts(sessions) == (1, 1)  # one enterprise, one event


async def test_the_same_key_for_another_request_is_refused(client, keys, sessions):
    headers = {**keys.headers("writer"), "Idempotency-Key": "platform-req-0002"}
    assert (await client.post("/v1/enterprises", json=enterprise_body(91), headers=headers)).status_code == 201
    other = await client.post("/v1/enterprises", json=enterprise_body(92), headers=headers)
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    assert await _counts(sessions) == (1, 1)


async def test_an_error_answer_is_kept_too_and_keys_belong_to_their_client(client, keys, sessions):
    bad = enterprise_body(93, district_code="999999")
    headers = {**keys.headers("writer"), "Idempotency-Key": "k-1"}
    first = await client.post("/v1/enterprises", json=bad, headers=headers)
    again = await client.post("/v1/enterprises", json=bad, headers=headers)
    assert first.status_code == again.status_code == 422 and again.json()["code"] == "district_unknown"
    # Another client's identical key is its own: it is not answered from the writer's record.
    admin = await client.post(
        "/v1/enterprises", json=enterprise_body(93), headers={**keys.headers("admin"), "Idempotency-Key": "k-1"}
    )
    assert admin.status_code == 201 and "idempotent-replayed" not in admin.headers
    assert await _counts(sessions) == (1, 1)


async def test_without_a_key_a_repeat_is_a_duplicate(client, keys):
    assert (
        await client.post("/v1/enterprises", json=enterprise_body(94), headers=keys.headers("writer"))
    ).status_code == 201
    repeat = await client.post("/v1/enterprises", json=enterprise_body(94), headers=keys.headers("writer"))
    assert (repeat.status_code, repeat.json()["code"]) == (409, "enterprise_exists")
