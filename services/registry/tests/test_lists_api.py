"""Lists an officer works from (issue 12, item 3): the parks, by name, with their counts and plaque dates;
an enterprise's scale reports, year by year; each a page at a time, a wrong filter refused."""

from __future__ import annotations

import pytest

from .factories import register

PARKS = [("赛罕区金桥园区", "150105"), ("金山高新区智能制造产业园", "Z-JSGX"), ("和林格尔新区数据产业园", "Z-HLGR")]


async def make_parks(client, keys) -> dict[str, str]:
    ids = {}
    for name, district in PARKS:
        response = await client.post(
            "/v1/parks", json={"name": name, "district_code": district}, headers=keys.headers("writer")
        )
        assert response.status_code == 201, response.text
        ids[name] = response.json()["id"]
    return ids


async def parks(client, keys, **params) -> dict:
    response = await client.get("/v1/parks", params=params, headers=keys.headers("reader"))
    assert response.status_code == 200, response.text
    return response.json()


async def test_parks_by_name_filtered_and_paged(client, keys):
    ids = await make_parks(client, keys)
    by_name = sorted(ids)  # the database's order of names (PostgreSQL collation of the test server)
    listed = await parks(client, keys, limit=200)
    names = [p["name"] for p in listed["items"]]
    assert sorted(names) == by_name and len(names) == 3
    first = listed["items"][0]
    assert (first["zjtx_count"], first["threshold"], first["qualified_on"]) == (0, 10, None)
    assert [p["name"] for p in (await parks(client, keys, district_code="Z-JSGX"))["items"]] == [
        "金山高新区智能制造产业园"
    ]
    assert (await parks(client, keys, qualified="true"))["items"] == []
    assert len((await parks(client, keys, qualified="false"))["items"]) == 3
    seen, cursor = [], None
    for _ in range(4):
        page = await parks(client, keys, limit=2, **({"cursor": cursor} if cursor else {}))
        seen += [p["name"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == names


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": "0"}, "validation_failed"),
        ({"cursor": "WzEsIDJd"}, "cursor_invalid"),
        ({"name": "x"}, "unknown_parameter"),
    ],
)
async def test_a_wrong_park_filter_is_refused(client, keys, params, code):
    response = await client.get("/v1/parks", params=params, headers=keys.headers("reader"))
    assert response.status_code in (400, 422) and response.json()["code"] == code


async def test_scale_reports_year_by_year(client, keys):
    uscc = await register(client, keys, 801)
    # Industry's threshold: 20,000,000.00 of main-business revenue. 2023: below; 2022 and 2024: above.
    for year, revenue in ((2024, "27000000.00"), (2022, "25000000.00"), (2023, "15000000.00")):
        response = await client.post(
            f"/v1/enterprises/{uscc}/scale-reports",
            json={"year": year, "main_business_revenue": revenue},
            headers=keys.headers("writer"),
        )
        assert response.status_code == 201, response.text
    url = f"/v1/enterprises/{uscc}/scale-reports"
    listed = (await client.get(url, headers=keys.headers("reader"))).json()
    assert [(r["year"], r["main_business_revenue"], r["threshold"], r["above_scale"]) for r in listed["items"]] == [
        (2022, "25000000.00", "20000000.00", True),
        (2023, "15000000.00", "20000000.00", False),
        (2024, "27000000.00", "20000000.00", True),
    ]
    first = (await client.get(url, params={"limit": 2}, headers=keys.headers("reader"))).json()
    rest = (await client.get(url, params={"cursor": first["next_cursor"]}, headers=keys.headers("reader"))).json()
    assert ([r["year"] for r in first["items"]], [r["year"] for r in rest["items"]]) == ([2022, 2023], [2024])
    unknown = await client.get("/v1/enterprises/91150105MA0Q4LJX27/scale-reports", headers=keys.headers("reader"))
    assert (unknown.status_code, unknown.json()["code"]) == (404, "enterprise_not_found")
