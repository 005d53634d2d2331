"""Cultivation pools (A1.pools, A4.pool): dated entry and exit, through the API."""

from __future__ import annotations

from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.web.audit import AuditRecord
from zjtx.registry.pool.models import PoolMembership

from .factories import audits, count_rows, make_uscc, register

TABLES = (PoolMembership, OutboxRow, AuditRecord)
POOL = "/v1/pools/little_giant_candidates/members"


async def _join(client, keys, uscc: str, joined_on: str = "2025-03-01", pool_path: str = POOL):
    return await client.post(pool_path, json={"uscc": uscc, "joined_on": joined_on}, headers=keys.headers("writer"))


async def test_join_shows_on_the_enterprise_and_in_the_pool(client, keys, sessions):
    uscc = await register(client, keys, 401)
    response = await _join(client, keys, uscc)
    assert response.status_code == 201, response.text
    assert response.json() | {"id": None} == {
        "id": None,
        "pool": "little_giant_candidates",
        "uscc": uscc,
        "joined_on": "2025-03-01",
        "left_on": None,
        "pool_name": "“小巨人”培育",
    }
    enterprise = (await client.get(f"/v1/enterprises/{uscc}", headers=keys.headers("reader"))).json()
    assert enterprise["pools"] == ["little_giant_candidates"]
    members = (await client.get(POOL, headers=keys.headers("reader"))).json()
    assert [m["uscc"] for m in members["items"]] == [uscc] and members["next_cursor"] is None
    in_pool = (
        await client.get("/v1/enterprises", params={"pool": "little_giant_candidates"}, headers=keys.headers("reader"))
    ).json()
    assert [e["uscc"] for e in in_pool["items"]] == [uscc]
    [audit] = await audits(sessions, "pool.join")
    assert (audit.actor, audit.after) == (
        "writer",
        {"pool": "little_giant_candidates", "uscc": uscc, "joined_on": "2025-03-01"},
    )


async def test_join_refusals_write_nothing(client, keys, sessions):
    uscc = await register(client, keys, 402)
    assert (await _join(client, keys, uscc)).status_code == 201
    before = await count_rows(sessions, *TABLES)
    twice = await _join(client, keys, uscc, "2025-04-01")
    unknown_pool = await _join(client, keys, uscc, pool_path="/v1/pools/golden_geese/members")
    unknown_enterprise = await _join(client, keys, make_uscc(499))
    bad_code = await _join(client, keys, "914403001922038217")
    assert (twice.status_code, twice.json()["code"]) == (409, "already_in_pool")
    assert (unknown_pool.status_code, unknown_pool.json()["code"]) == (404, "pool_not_found")
    assert (unknown_enterprise.status_code, unknown_enterprise.json()["code"]) == (404, "enterprise_not_found")
    assert (bad_code.status_code, bad_code.json()["code"]) == (422, "uscc_invalid")
    listing = await client.get("/v1/pools/golden_geese/members", headers=keys.headers("reader"))
    assert (listing.status_code, listing.json()["code"]) == (404, "pool_not_found")
    assert await count_rows(sessions, *TABLES) == before


async def test_leave_on_a_date_then_rejoin(client, keys, sessions):
    uscc = await register(client, keys, 403)
    await _join(client, keys, uscc, "2025-03-01")
    left = await client.delete(f"{POOL}/{uscc}", params={"left_on": "2025-03-01"}, headers=keys.headers("writer"))
    assert left.status_code == 200, left.text  # leaving on the joining day is allowed
    assert (left.json()["joined_on"], left.json()["left_on"]) == ("2025-03-01", "2025-03-01")
    enterprise = (await client.get(f"/v1/enterprises/{uscc}", headers=keys.headers("reader"))).json()
    assert enterprise["pools"] == []
    current = (await client.get(POOL, headers=keys.headers("reader"))).json()
    everyone = (await client.get(POOL, params={"include_left": "true"}, headers=keys.headers("reader"))).json()
    assert current["items"] == [] and [m["left_on"] for m in everyone["items"]] == ["2025-03-01"]
    [audit] = await audits(sessions, "pool.leave")
    assert (audit.actor, audit.after) == ("writer", {"left_on": "2025-03-01"})
    # after leaving, joining again is a new stay
    assert (await _join(client, keys, uscc, "2025-06-01")).status_code == 201


async def test_leave_defaults_to_today(client, keys):
    uscc = await register(client, keys, 404)
    await _join(client, keys, uscc, "2025-03-01")
    left = await client.delete(f"{POOL}/{uscc}", headers=keys.headers("writer"))
    assert left.json()["left_on"] == "2025-09-01"


async def test_leave_refusals_write_nothing(client, keys, sessions):
    uscc, outsider = await register(client, keys, 405), await register(client, keys, 406)
    await _join(client, keys, uscc, "2025-03-01")
    before = await count_rows(sessions, *TABLES)
    early = await client.delete(f"{POOL}/{uscc}", params={"left_on": "2025-02-28"}, headers=keys.headers("writer"))
    not_member = await client.delete(f"{POOL}/{outsider}", headers=keys.headers("writer"))
    assert (early.status_code, early.json()["code"]) == (422, "left_before_joined")
    assert (not_member.status_code, not_member.json()["code"]) == (404, "not_in_pool")
    assert await count_rows(sessions, *TABLES) == before
    still = (await client.get(f"/v1/enterprises/{uscc}", headers=keys.headers("reader"))).json()
    assert still["pools"] == ["little_giant_candidates"]


async def test_members_are_paged(client, keys):
    codes = [await register(client, keys, serial) for serial in range(410, 415)]
    for uscc in codes:
        await _join(client, keys, uscc)
    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get(POOL, params=params, headers=keys.headers("reader"))).json()
        assert len(page["items"]) <= 2
        seen += [m["uscc"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(codes)
