"""Parks and the A1.park plaque: ≥10 enterprises in the park holding a valid 专精特新 recognition (any
level) qualify it once, on the day the tenth became valid."""

from __future__ import annotations

import uuid

from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.web.audit import AuditRecord
from zjtx.registry.enterprise.models import Enterprise
from zjtx.registry.park.models import Park

from .factories import audits, count_rows, enterprise_body, events, grant, register


async def _park(client, keys, name: str = "金山高新区智能制造产业园") -> str:
    response = await client.post(
        "/v1/parks", json={"name": name, "district_code": "Z-JSGX"}, headers=keys.headers("writer")
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _tenants(client, keys, park_id: str, serials: range) -> list[str]:
    return [await register(client, keys, serial, park_id=park_id) for serial in serials]


async def _get(client, keys, park_id: str) -> dict:
    response = await client.get(f"/v1/parks/{park_id}", headers=keys.headers("reader"))
    assert response.status_code == 200, response.text
    return response.json()


async def test_new_park_is_not_qualified(client, keys, sessions):
    park_id = await _park(client, keys)
    body = await _get(client, keys, park_id)
    assert (body["zjtx_count"], body["threshold"], body["qualified_on"]) == (0, 10, None)
    [audit] = await audits(sessions, "park.create")
    assert (audit.actor, audit.entity_id) == ("writer", park_id)


async def test_tenth_recognition_qualifies_the_park_once(client, keys, sessions):
    park_id = await _park(client, keys)
    tenants = await _tenants(client, keys, park_id, range(301, 312))
    # Ten municipal recognitions on 2024-03-01 … 2024-03-10, granted out of order: the count reaches 10 on
    # 2024-03-10, the latest of the ten dates.
    for day, uscc in zip((5, 1, 9, 2, 10, 3, 8, 4, 7, 6), tenants[:10], strict=True):
        await grant(client, keys, uscc, recognized_on=f"2024-03-{day:02d}")
    body = await _get(client, keys, park_id)
    assert (body["zjtx_count"], body["qualified_on"]) == (10, "2024-03-10")
    [event] = await events(sessions, "registry.park.qualified")
    assert event["key"] == park_id
    assert event["payload"] == {
        "park_id": park_id,
        "name": "金山高新区智能制造产业园",
        "district_code": "Z-JSGX",
        "qualified_on": "2024-03-10",
        "zjtx_count": 10,
    }
    [audit] = await audits(sessions, "park.qualify")
    assert (audit.actor, audit.after) == ("writer", {"qualified_on": "2024-03-10"})
    # An eleventh does not qualify it again, nor move the date.
    await grant(client, keys, tenants[10], recognized_on="2024-05-01")
    body = await _get(client, keys, park_id)
    assert (body["zjtx_count"], body["qualified_on"]) == (11, "2024-03-10")
    assert len(await events(sessions, "registry.park.qualified")) == 1


async def test_nine_enterprises_do_not_qualify(client, keys, sessions):
    park_id = await _park(client, keys)
    for uscc in await _tenants(client, keys, park_id, range(321, 330)):
        await grant(client, keys, uscc, recognized_on="2024-03-01", tier="region_zjtx")
    body = await _get(client, keys, park_id)
    assert (body["zjtx_count"], body["qualified_on"]) == (9, None)
    assert await events(sessions, "registry.park.qualified") == []


async def test_other_tiers_do_not_count(client, keys, sessions):
    park_id = await _park(client, keys)
    tenants = await _tenants(client, keys, park_id, range(331, 341))
    for uscc in tenants[:9]:
        await grant(client, keys, uscc, recognized_on="2024-03-01", tier="national_little_giant")
    # innovative SME and single champion are not 专精特新 levels (A1.park counts 市级, 自治区级, 小巨人)
    await grant(client, keys, tenants[9], recognized_on="2024-03-02", tier="innovative_sme")
    await grant(client, keys, tenants[9], recognized_on="2024-03-02", tier="single_champion")
    body = await _get(client, keys, park_id)
    assert (body["zjtx_count"], body["qualified_on"]) == (9, None)
    assert await events(sessions, "registry.park.qualified") == []


async def test_revoked_recognition_does_not_count(client, keys, sessions):
    park_id = await _park(client, keys)
    tenants = await _tenants(client, keys, park_id, range(341, 351))
    revoked = await grant(client, keys, tenants[0], recognized_on="2024-03-01")
    response = await client.post(
        f"/v1/enterprises/{tenants[0]}/recognitions/{revoked['id']}/revoke",
        json={"revoked_on": "2024-03-02", "reason": "不再符合条件"},
        headers=keys.headers("writer"),
    )
    assert response.status_code == 200
    for uscc in tenants[1:]:
        await grant(client, keys, uscc, recognized_on="2024-03-02")
    body = await _get(client, keys, park_id)
    # ten recognitions were granted, but the first was valid on 2024-03-01 only (revoked from 2024-03-02),
    # the day before the nine others began: never ten at the same time, and 9 today
    assert (body["zjtx_count"], body["qualified_on"]) == (9, None)
    assert await events(sessions, "registry.park.qualified") == []


async def test_enterprise_moving_into_a_park_can_qualify_it(client, keys, sessions):
    park_id = await _park(client, keys)
    tenants = await _tenants(client, keys, park_id, range(351, 360))
    outsider = await register(client, keys, 360)
    for day, uscc in enumerate([*tenants, outsider], start=1):
        await grant(client, keys, uscc, recognized_on=f"2024-04-{day:02d}")
    assert (await _get(client, keys, park_id))["qualified_on"] is None
    moved = await client.patch(f"/v1/enterprises/{outsider}", json={"park_id": park_id}, headers=keys.headers("writer"))
    assert moved.status_code == 200
    # Ten valid since 2024-04-10, but the tenth tenant joined today (the change's default effective date,
    # 2025-09-01): RULES A1.park, the latest of the two (and of 2022-01-01).
    assert (await _get(client, keys, park_id))["qualified_on"] == "2025-09-01"
    assert len(await events(sessions, "registry.park.qualified")) == 1


async def test_an_enterprise_that_joined_earlier_qualifies_the_park_from_that_day(client, keys, sessions):
    park_id = await _park(client, keys)
    tenants = await _tenants(client, keys, park_id, range(362, 371))
    outsider = await register(client, keys, 371)
    for day, uscc in enumerate([*tenants, outsider], start=1):
        await grant(client, keys, uscc, recognized_on=f"2024-04-{day:02d}")
    # Recorded late: it moved into the park on 2024-06-01. Ten valid from 2024-04-10, the tenth tenant
    # from 2024-06-01: qualified on 2024-06-01.
    moved = await client.patch(
        f"/v1/enterprises/{outsider}",
        json={"park_id": park_id, "effective_on": "2024-06-01"},
        headers=keys.headers("writer"),
    )
    assert moved.status_code == 200, moved.text
    assert (await _get(client, keys, park_id))["qualified_on"] == "2024-06-01"


async def test_park_refusals_write_nothing(client, keys, sessions):
    await _park(client, keys, "和林格尔新区数据产业园")
    before = await count_rows(sessions, Park, Enterprise, OutboxRow, AuditRecord)
    taken = await client.post(
        "/v1/parks", json={"name": "和林格尔新区数据产业园", "district_code": "Z-HLGR"}, headers=keys.headers("writer")
    )
    district = await client.post(
        "/v1/parks", json={"name": "另一个园区", "district_code": "110101"}, headers=keys.headers("writer")
    )
    unknown = await client.get(f"/v1/parks/{uuid.uuid4()}", headers=keys.headers("reader"))
    tenant = await client.post(
        "/v1/enterprises", headers=keys.headers("writer"), json=enterprise_body(361, park_id=str(uuid.uuid4()))
    )
    assert (taken.status_code, taken.json()["code"]) == (409, "park_exists")
    assert (district.status_code, district.json()["code"]) == (422, "district_unknown")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "park_not_found")
    assert (tenant.status_code, tenant.json()["code"]) == (422, "park_unknown")
    assert await count_rows(sessions, Park, Enterprise, OutboxRow, AuditRecord) == before


async def test_enterprises_are_listed_by_their_park(client, keys):
    north, south = await _park(client, keys, "北园"), await _park(client, keys, "南园")
    in_north = await _tenants(client, keys, north, range(381, 384))
    in_south = await _tenants(client, keys, south, range(384, 385))
    await register(client, keys, 385)  # in no park

    async def listed(**params) -> list[str]:
        response = await client.get("/v1/enterprises", params=params, headers=keys.headers("reader"))
        assert response.status_code == 200, response.text
        return [item["uscc"] for item in response.json()["items"]]

    assert await listed(park_id=north) == sorted(in_north)
    assert await listed(park_id=south) == in_south
    assert await listed(park_id=north, limit=2) == sorted(in_north)[:2]
    assert await listed(park_id=str(uuid.uuid4())) == []
    assert len(await listed()) == 5
    # A tenant that moves out is listed by its new park from then on.
    moved = await client.patch(
        f"/v1/enterprises/{in_north[0]}", json={"park_id": south}, headers=keys.headers("writer")
    )
    assert moved.status_code == 200, moved.text
    assert await listed(park_id=south) == sorted([*in_south, in_north[0]])
    bad = await client.get("/v1/enterprises", params={"park_id": "north"}, headers=keys.headers("reader"))
    assert (bad.status_code, bad.json()["code"]) == (422, "validation_failed")
