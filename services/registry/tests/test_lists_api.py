"""Lists an officer works from (issue 12, item 3): the parks, by name, with their counts and plaque dates;
an enterprise's scale reports, year by year; each a page at a time, a wrong filter refused."""

from __future__ import annotations

import pytest

from .factories import audits, events, register

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


async def test_a_scale_report_corrected_is_derived_again_audited_and_published(client, keys, sessions):
    uscc = await register(client, keys, 802)
    url = f"/v1/enterprises/{uscc}/scale-reports"
    first = await client.post(
        url, json={"year": 2023, "main_business_revenue": "25000000.00"}, headers=keys.headers("writer")
    )
    assert first.json()["above_scale"] is True
    # Corrected to 18,500,000.00: below the 20,000,000.00 threshold.
    body = {"main_business_revenue": "18500000.00", "reason": "统计局核定数据更正"}
    corrected = await client.post(f"{url}/2023/corrections", json=body, headers=keys.headers("writer"))
    assert corrected.status_code == 200, corrected.text
    assert (corrected.json()["main_business_revenue"], corrected.json()["above_scale"]) == ("18500000.00", False)
    listed = (await client.get(url, headers=keys.headers("reader"))).json()["items"]
    assert [(r["year"], r["above_scale"]) for r in listed] == [(2023, False)]
    published = await events(sessions, "registry.enterprise.scale_reported")
    assert [(e["payload"]["year"], e["payload"]["above_scale"]) for e in published] == [(2023, True), (2023, False)]
    [audit] = await audits(sessions, "enterprise.correct_scale_report")
    assert (audit.before["main_business_revenue"], audit.after["main_business_revenue"], audit.after["reason"]) == (
        "25000000.00",
        "18500000.00",
        "统计局核定数据更正",
    )
    missing = await client.post(f"{url}/2022/corrections", json=body, headers=keys.headers("writer"))
    assert (missing.status_code, missing.json()["code"]) == (404, "scale_report_not_found")


async def test_an_inspections_publication_day_given_later_clears_its_flag(client, keys, sessions):
    uscc = await register(client, keys, 803)
    body = {"inspection_type": "安全生产", "department": "市应急管理局", "ended_on": "2025-03-10"}
    inspection = (
        await client.post(f"/v1/enterprises/{uscc}/inspections", json=body, headers=keys.headers("writer"))
    ).json()
    assert [f["rule"] for f in inspection["flags"]] == ["A13.2"]  # not published 20 days after 2025-03-10
    url = f"/v1/enterprises/{uscc}/inspections/{inspection['id']}/publication"
    # Published 2025-03-20: 10 days after the end, within the 20 the policy gives.
    published = await client.post(
        url, json={"published_on": "2025-03-20", "reason": "公示日期补录"}, headers=keys.headers("writer")
    )
    assert published.status_code == 200, published.text
    assert (published.json()["published_on"], published.json()["flags"]) == ("2025-03-20", [])
    [audit] = await audits(sessions, "inspection.publication")
    assert (audit.before["published_on"], audit.after["published_on"]) == (None, "2025-03-20")
    early = await client.post(url, json={"published_on": "2025-03-09"}, headers=keys.headers("writer"))
    assert (early.status_code, early.json()["code"]) == (422, "inspection_invalid")


@pytest.mark.parametrize(
    "values",
    [["x"], [9999], [-1], [2**70], ["2024", "extra"], [True], [None], ["2024-01-01"]],
)
async def test_a_forged_scale_reports_cursor_is_refused(client, keys, values):
    """The year of the cursor is read back by the kit's parsers: one outside the calendar (a value the
    database's integer cannot take included) is 400 `cursor_invalid`, never a 500."""
    from zjtx.common.web.paging import encode_cursor

    uscc = await register(client, keys, 803)
    url = f"/v1/enterprises/{uscc}/scale-reports"
    response = await client.get(url, params={"cursor": encode_cursor(values)}, headers=keys.headers("reader"))
    assert (response.status_code, response.json()["code"]) == (400, "cursor_invalid")


@pytest.mark.parametrize(
    "values",
    [
        ["a park"],
        ["a park", "not-an-id"],
        ["\x00", "00000000-0000-0000-0000-000000000000"],
        ["x" * 201, "0" * 32],
        [1, 2],
    ],
)
async def test_a_forged_parks_cursor_is_refused(client, keys, values):
    from zjtx.common.web.paging import encode_cursor

    response = await client.get("/v1/parks", params={"cursor": encode_cursor(values)}, headers=keys.headers("reader"))
    assert (response.status_code, response.json()["code"]) == (400, "cursor_invalid")
