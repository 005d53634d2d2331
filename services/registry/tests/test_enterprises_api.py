"""POST/GET/PATCH /v1/enterprises through the ASGI app, on real PostgreSQL."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import func, select

from zjtx.common.kit import create_app
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.clients import asgi_client
from zjtx.common.web.audit import AuditRecord
from zjtx.registry.definition import REGISTRY
from zjtx.registry.enterprise.models import Enterprise
from zjtx.registry.history.models import HistoryEntry

from .factories import enterprise_body, make_uscc


async def _counts(sessions) -> tuple[int, int, int]:
    async with sessions() as session:
        return (
            await session.scalar(select(func.count()).select_from(Enterprise)),
            await session.scalar(select(func.count()).select_from(OutboxRow)),
            await session.scalar(select(func.count()).select_from(AuditRecord)),
        )


async def test_register_derives_size_and_publishes(client, keys, sessions):
    # industry, 120 staff, revenue 35,000,000: not medium (needs ≥300 staff) → small (≥20 and ≥3,000,000).
    response = await client.post("/v1/enterprises", json=enterprise_body(1), headers=keys.headers("writer"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["size_class"] == "small" and body["is_sme"] is True
    assert body["size_explanation"]["formula"][-1] == "small: staff 120 ≥ 20, revenue 35,000,000.00 ≥ 3,000,000.00: met"
    fetched = await client.get(f"/v1/enterprises/{body['uscc']}", headers=keys.headers("reader"))
    assert fetched.json()["size_explanation"] == body["size_explanation"]
    assert body["annual_revenue"] == "35000000.00"
    assert body["district_name"] == "赛罕区"
    async with sessions() as session:
        events = (await session.scalars(select(OutboxRow))).all()
    assert [e.event_type for e in events] == ["registry.enterprise.registered"]
    envelope = json.loads(events[0].body)
    assert envelope["key"] == body["uscc"] and envelope["producer"] == "registry"
    assert envelope["payload"]["size_class"] == "small"


async def test_large_needs_both_staff_and_revenue(client, keys):
    # 1,000 staff and exactly 400,000,000.00 revenue: large (以上 includes the figure).
    large = await client.post(
        "/v1/enterprises",
        headers=keys.headers("writer"),
        json=enterprise_body(2, employees=1000, annual_revenue="400000000.00"),
    )
    # one fen below 400,000,000: medium (≥300 staff, ≥20,000,000).
    medium = await client.post(
        "/v1/enterprises",
        headers=keys.headers("writer"),
        json=enterprise_body(3, employees=1000, annual_revenue="399999999.99"),
    )
    assert (large.json()["size_class"], large.json()["is_sme"]) == ("large", False)
    assert (medium.json()["size_class"], medium.json()["is_sme"]) == ("medium", True)


async def test_invalid_uscc_says_expected_check_character(client, keys, sessions):
    before = await _counts(sessions)
    response = await client.post(
        "/v1/enterprises", headers=keys.headers("writer"), json=enterprise_body(uscc="914403001922038217")
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "uscc_invalid" and problem["detail"] == "check character should be 6"
    assert problem["request_id"]
    assert await _counts(sessions) == before


async def test_pilot_region_code_on_allow_list_is_accepted(client, keys):
    response = await client.post(
        "/v1/enterprises", headers=keys.headers("writer"), json=enterprise_body(uscc="91350211M00013FA1N")
    )
    assert response.status_code == 201, response.text


async def test_unknown_district_and_cluster(client, keys, sessions):
    before = await _counts(sessions)
    district = await client.post(
        "/v1/enterprises", headers=keys.headers("writer"), json=enterprise_body(4, district_code="110101")
    )
    cluster = await client.post(
        "/v1/enterprises", headers=keys.headers("writer"), json=enterprise_body(4, cluster="steel")
    )
    assert (district.status_code, district.json()["code"]) == (422, "district_unknown")
    assert (cluster.status_code, cluster.json()["code"]) == (422, "cluster_unknown")
    assert await _counts(sessions) == before


async def test_duplicate_enterprise_conflicts_and_changes_nothing(client, keys, sessions):
    first = await client.post("/v1/enterprises", headers=keys.headers("writer"), json=enterprise_body(5))
    assert first.status_code == 201
    before = await _counts(sessions)
    again = await client.post("/v1/enterprises", headers=keys.headers("writer"), json=enterprise_body(5, name="other"))
    assert (again.status_code, again.json()["code"]) == (409, "enterprise_exists")
    assert await _counts(sessions) == before


async def test_two_registrations_of_one_code_at_once_give_one_enterprise_and_one_conflict(
    settings, committed, keys, clock
):
    app = create_app(REGISTRY, settings, sessions=committed, clients=keys.store, clock=clock)
    async with asgi_client(app) as http:  # two transactions that really overlap, on two connections
        responses = await asyncio.gather(
            *(
                http.post("/v1/enterprises", headers=keys.headers("writer"), json=enterprise_body(7, name=name))
                for name in ("first", "second")
            )
        )
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert next(r for r in responses if r.status_code == 409).json()["code"] == "enterprise_exists"
    assert await _counts(committed) == (1, 1, 1)
    async with committed() as session:
        assert await session.scalar(select(func.count()).select_from(HistoryEntry)) == 1


async def test_bad_amounts_are_refused(client, keys, sessions):
    before = await _counts(sessions)
    for amount in ("-1.00", "12.345", "abc", True):
        response = await client.post(
            "/v1/enterprises", headers=keys.headers("writer"), json=enterprise_body(6, annual_revenue=amount)
        )
        assert response.status_code == 422, amount
        assert response.json()["code"] == "validation_failed"
        assert response.json()["errors"][0]["field"] == "annual_revenue"
    assert await _counts(sessions) == before


async def test_unknown_enterprise_is_404(client, keys):
    response = await client.get(f"/v1/enterprises/{make_uscc(999)}", headers=keys.headers("reader"))
    assert (response.status_code, response.json()["code"]) == (404, "enterprise_not_found")


async def test_malformed_json_is_400(client, keys):
    response = await client.post(
        "/v1/enterprises", headers={**keys.headers("writer"), "content-type": "application/json"}, content=b'{"uscc": '
    )
    assert (response.status_code, response.json()["code"]) == (400, "malformed_json")


async def test_body_over_one_mib_is_413(client, keys, sessions):
    before = await _counts(sessions)
    body = json.dumps(enterprise_body(7, name="x" * (1024 * 1024))).encode()
    response = await client.post(
        "/v1/enterprises", content=body, headers={**keys.headers("writer"), "content-type": "application/json"}
    )
    assert (response.status_code, response.json()["code"]) == (413, "body_too_large")
    assert await _counts(sessions) == before


async def test_a_chunked_body_is_bounded_too(client, keys, sessions):
    before = await _counts(sessions)

    async def chunks(body: bytes):  # no Content-Length: the limit is enforced by counting what arrives
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    headers = {**keys.headers("writer"), "content-type": "application/json"}
    too_big = json.dumps(enterprise_body(9, name="x" * (1024 * 1024))).encode()
    response = await client.post("/v1/enterprises", content=chunks(too_big), headers=headers)
    assert (response.status_code, response.json()["code"]) == (413, "body_too_large")
    assert await _counts(sessions) == before
    fits = json.dumps(enterprise_body(9)).encode()
    response = await client.post("/v1/enterprises", content=chunks(fits), headers=headers)
    assert response.status_code == 201, response.text


async def test_no_key_is_401_and_wrong_scope_is_403(client, keys, sessions):
    before = await _counts(sessions)
    anonymous = await client.post("/v1/enterprises", json=enterprise_body(8))
    wrong_key = await client.post("/v1/enterprises", json=enterprise_body(8), headers={"Authorization": "Bearer nope"})
    reader = await client.post("/v1/enterprises", json=enterprise_body(8), headers=keys.headers("reader"))
    outsider = await client.get("/v1/enterprises", headers=keys.headers("outsider"))
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "unauthenticated")
    assert wrong_key.status_code == 401
    assert (reader.status_code, reader.json()["code"]) == (403, "forbidden")
    assert outsider.status_code == 403
    assert await _counts(sessions) == before


async def test_patch_recomputes_size_audits_and_publishes(client, keys, sessions):
    uscc = (await client.post("/v1/enterprises", headers=keys.headers("writer"), json=enterprise_body(9))).json()[
        "uscc"
    ]
    response = await client.patch(
        f"/v1/enterprises/{uscc}",
        headers=keys.headers("writer"),
        json={"employees": 300, "annual_revenue": "20000000.00"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["size_class"] == "medium"
    async with sessions() as session:
        audit = (await session.scalars(select(AuditRecord).where(AuditRecord.action == "enterprise.update"))).one()
        event = (
            await session.scalars(select(OutboxRow).where(OutboxRow.event_type == "registry.enterprise.updated"))
        ).one()
    assert audit.actor == "writer" and audit.before["employees"] == 120 and audit.after["employees"] == 300
    assert json.loads(event.body)["payload"]["changed"] == ["annual_revenue", "employees"]
    unchanged = await client.patch(f"/v1/enterprises/{uscc}", headers=keys.headers("writer"), json={"employees": 300})
    assert unchanged.status_code == 200
    async with sessions() as session:
        assert (
            await session.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.event_type == "registry.enterprise.updated")
            )
            == 1
        )


async def test_list_filters_and_pages(client, keys):
    for serial in range(20, 25):
        await client.post("/v1/enterprises", headers=keys.headers("writer"), json=enterprise_body(serial))
    await client.post(
        "/v1/enterprises",
        headers=keys.headers("writer"),
        json=enterprise_body(25, district_code="150102", sector="software", cluster=None),
    )
    seen, cursor = [], None
    while True:
        params = {"district_code": "150105", "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/v1/enterprises", params=params, headers=keys.headers("reader"))).json()
        seen += [item["uscc"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(make_uscc(s) for s in range(20, 25))
    software = (
        await client.get("/v1/enterprises", params={"sector": "software"}, headers=keys.headers("reader"))
    ).json()
    assert [i["uscc"] for i in software["items"]] == [make_uscc(25, division="150105")]
    bad = await client.get("/v1/enterprises", params={"cursor": "%%%"}, headers=keys.headers("reader"))
    assert (bad.status_code, bad.json()["code"]) == (400, "cursor_invalid")
