"""The lists about one enterprise (its facts' versions, recognitions, service records, inspections) are
pages, `{items, next_cursor}`, walked with `limit` and `cursor` in their order, with nothing repeated or
left out; a cursor that is not one of theirs is 400 `cursor_invalid`, a limit out of 1-200 is 422."""

from __future__ import annotations

import pytest

from .factories import grant, register

ENTERPRISES = "/v1/enterprises"


async def _walk(client, keys, path: str, *, limit: int) -> list[dict]:
    items, cursor = [], None
    while True:
        params = {"limit": limit} | ({"cursor": cursor} if cursor else {})
        response = await client.get(path, params=params, headers=keys.headers("reader"))
        assert response.status_code == 200, response.text
        page = response.json()
        assert set(page) == {"items", "next_cursor"} and len(page["items"]) <= limit
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


async def test_facts_versions_are_paged_oldest_first(client, keys):
    uscc = await register(client, keys, 801)
    for day, employees in (("2021-01-01", 150), ("2022-01-01", 180), ("2023-01-01", 200)):
        response = await client.patch(
            f"{ENTERPRISES}/{uscc}", json={"employees": employees, "effective_on": day}, headers=keys.headers("writer")
        )
        assert response.status_code == 200, response.text
    versions = await _walk(client, keys, f"{ENTERPRISES}/{uscc}/facts", limit=1)
    assert [(v["effective_on"], v["employees"]) for v in versions] == [
        ("2019-05-08", 120),
        ("2021-01-01", 150),
        ("2022-01-01", 180),
        ("2023-01-01", 200),
    ]


async def test_recognitions_are_paged_oldest_first(client, keys):
    uscc = await register(client, keys, 802)
    tiers = ("innovative_sme", "municipal_zjtx", "region_zjtx")
    for tier, day in zip(tiers, ("2022-03-01", "2023-03-01", "2024-03-01"), strict=True):
        await grant(client, keys, uscc, tier=tier, recognized_on=day)
    recognitions = await _walk(client, keys, f"{ENTERPRISES}/{uscc}/recognitions", limit=2)
    assert [r["tier"] for r in recognitions] == list(tiers)


async def test_service_records_are_paged_by_date(client, keys):
    uscc = await register(client, keys, 803)
    for day in ("2025-03-01", "2025-01-01", "2025-02-01", "2025-02-01"):
        response = await client.post(
            f"{ENTERPRISES}/{uscc}/service-records",
            json={"kind": "tracking_visit", "occurred_on": day},
            headers=keys.headers("writer"),
        )
        assert response.status_code == 201, response.text
    records = await _walk(client, keys, f"{ENTERPRISES}/{uscc}/service-records", limit=1)
    assert [r["occurred_on"] for r in records] == ["2025-01-01", "2025-02-01", "2025-02-01", "2025-03-01"]
    assert len({r["id"] for r in records}) == 4


async def test_inspections_are_paged_in_the_order_they_ended_with_their_flags(client, keys):
    uscc = await register(client, keys, 804)
    for day in ("2025-06-10", "2025-03-10", "2025-08-10"):
        response = await client.post(
            f"{ENTERPRISES}/{uscc}/inspections",
            json={"inspection_type": "安全生产", "department": "市应急管理局", "ended_on": day, "published_on": day},
            headers=keys.headers("writer"),
        )
        assert response.status_code == 201, response.text
    inspections = await _walk(client, keys, f"{ENTERPRISES}/{uscc}/inspections", limit=2)
    # A13.1 (one routine inspection of a type a year): the second and third of 2025 are flagged, whatever
    # page they are on.
    assert [(i["ended_on"], [f["rule"] for f in i["flags"]]) for i in inspections] == [
        ("2025-03-10", []),
        ("2025-06-10", ["A13.1"]),
        ("2025-08-10", ["A13.1"]),
    ]


@pytest.mark.parametrize("tail", ["facts", "recognitions", "service-records", "inspections", "history"])
async def test_a_foreign_cursor_or_a_wrong_limit_is_refused(client, keys, tail):
    uscc = await register(client, keys, 805)
    path = f"{ENTERPRISES}/{uscc}/{tail}"
    for cursor in ("%%%", "W10", "WyJ4Il0", "WzEsMiwzLDRd"):  # not base64, [], ["x"], [1, 2, 3, 4]
        response = await client.get(path, params={"cursor": cursor}, headers=keys.headers("reader"))
        assert (response.status_code, response.json()["code"]) == (400, "cursor_invalid"), cursor
    for limit in (0, -1, 201):
        response = await client.get(path, params={"limit": limit}, headers=keys.headers("reader"))
        assert (response.status_code, response.json()["code"]) == (422, "validation_failed"), limit
