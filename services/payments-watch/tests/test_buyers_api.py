"""Buyers through the ASGI app against real PostgreSQL (rolled back per test)."""

from __future__ import annotations

import pytest

from zjtx.common.testing.readers import audit_records, count_rows
from zjtx.payments_watch.buyer.models import Buyer

from . import world


async def test_a_buyer_is_registered_read_and_audited(client, keys, sessions):
    code = await world.buyer(client, keys, 7, "institution", name="呼和浩特市示例医院")
    body = (await client.get(f"/v1/buyers/{code}", headers=keys.headers("reader"))).json()
    assert {
        k: body[k] for k in ("code", "name", "kind", "district_code", "district_name", "risk_score", "risk_level")
    } == {
        "code": code,
        "name": "呼和浩特市示例医院",
        "kind": "institution",
        "district_code": "150102",
        "district_name": "新城区",
        "risk_score": "0.00",
        "risk_level": "low",
    }
    [audit] = await audit_records(sessions, entity_id=code)
    assert (audit.action, audit.after["kind"]) == ("buyer.register", "institution")
    # A code is its 18 characters as issued, in capitals: the document's pattern says so.
    lower = await client.get(f"/v1/buyers/{code.lower()}", headers=keys.headers("reader"))
    assert (lower.status_code, lower.json()["errors"][0]["field"]) == (422, "path.code")


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"code": "11150102000000001X"}, 422, "uscc_invalid"),
        ({"code": "11150102000000001"}, 422, "validation_failed"),
        ({"district_code": "110101"}, 422, "district_unknown"),
        ({"kind": "ngo"}, 422, "validation_failed"),
        ({"name": ""}, 422, "validation_failed"),
    ],
)
async def test_a_bad_buyer_is_refused_and_nothing_stored(client, keys, sessions, change, status, code):
    body = {
        "code": world.code(8),
        "name": "单位",
        "kind": "organ",
        "district_code": "150102",
        "supervisor": "市政府",
    } | change
    response = await client.post("/v1/buyers", json=body, headers=keys.headers("platform"))
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert await count_rows(sessions, Buyer) == (0,)


async def test_a_buyer_is_registered_once(client, keys):
    await world.buyer(client, keys, 9)
    body = {"code": world.code(9), "name": "另一个", "kind": "organ", "district_code": "150102", "supervisor": "市政府"}
    response = await client.post("/v1/buyers", json=body, headers=keys.headers("platform"))
    assert (response.status_code, response.json()["code"]) == (409, "buyer_exists")
    missing = await client.get(f"/v1/buyers/{world.code(10)}", headers=keys.headers("reader"))
    assert (missing.status_code, missing.json()["code"]) == (404, "buyer_not_found")


async def test_buyers_are_listed_by_kind_district_and_risk_level_in_pages(client, keys):
    organs = [await world.buyer(client, keys, n, "organ") for n in (11, 12, 13)]
    await world.buyer(client, keys, 14, "soe", district_code="150105")
    headers = keys.headers("reader")
    page = (await client.get("/v1/buyers", params={"kind": "organ", "limit": 2}, headers=headers)).json()
    rest = (
        await client.get("/v1/buyers", params={"kind": "organ", "cursor": page["next_cursor"]}, headers=headers)
    ).json()
    assert [b["code"] for b in page["items"] + rest["items"]] == sorted(organs)
    assert rest["next_cursor"] is None
    in_saihan = (await client.get("/v1/buyers", params={"district_code": "150105"}, headers=headers)).json()["items"]
    assert [b["kind"] for b in in_saihan] == ["soe"]
    high = (await client.get("/v1/buyers", params={"risk_level": "high"}, headers=headers)).json()["items"]
    assert high == []
    wrong = await client.get("/v1/buyers", params={"risk_level": "extreme"}, headers=headers)
    assert wrong.status_code == 422
