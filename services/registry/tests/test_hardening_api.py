"""The registry's findings of issue 8 (API hardening), each reproduced against a registered enterprise,
where a fuzzer from the OpenAPI document alone seldom gets (it has no enterprise): no input is a 500."""

from __future__ import annotations

import base64
import json
import uuid

import pytest

from .factories import enterprise_body, grant, register

ENTERPRISES = "/v1/enterprises"


async def _post_raw(client, keys, path: str, text: str):
    headers = keys.headers("writer") | {"content-type": "application/json"}
    return await client.post(path, content=text.encode("utf-8", "surrogatepass"), headers=headers)


async def test_a_nul_byte_in_a_stored_text_or_a_filter_is_refused(client, keys):
    uscc = await register(client, keys, 901)
    named = await client.post(
        ENTERPRISES, json=enterprise_body(902, name="示例\x00企业"), headers=keys.headers("writer")
    )
    assert (named.status_code, named.json()["code"]) == (422, "invalid_text")
    inspected = await client.post(
        f"{ENTERPRISES}/{uscc}/inspections",
        json={"inspection_type": "安全\x00生产", "department": "市应急管理局", "ended_on": "2025-03-10"},
        headers=keys.headers("writer"),
    )
    assert (inspected.status_code, inspected.json()["code"]) == (422, "invalid_text")
    for params in ({"sector": "industry\x00"}, {"district_code": "\x00"}, {"cursor": "\x00"}):
        listed = await client.get(ENTERPRISES, params=params, headers=keys.headers("reader"))
        assert listed.status_code in (400, 422), (params, listed.text)


@pytest.mark.parametrize("field", ["district_code", "cluster", "name"])
async def test_a_lone_surrogate_is_refused_and_the_answer_can_be_encoded(client, keys, field):
    body = json.dumps(enterprise_body(903)).replace(
        '"150105"' if field == "district_code" else '"agri_food"', '"\\ud800"'
    )
    if field == "name":
        body = json.dumps(enterprise_body(903, name="x")).replace('"x"', '"\\ud800"')
    response = await _post_raw(client, keys, ENTERPRISES, body)
    assert response.status_code == 422, response.text
    assert response.json()["code"] in ("invalid_text", "validation_failed")


async def test_an_inspection_that_ended_before_2022_is_recorded_without_flags(client, keys):
    uscc = await register(client, keys, 904)
    for ended_on in ("2021-12-31", "2000-01-01", "1949-10-01"):
        response = await client.post(
            f"{ENTERPRISES}/{uscc}/inspections",
            json={"inspection_type": "安全生产", "department": "市应急管理局", "ended_on": ended_on},
            headers=keys.headers("writer"),
        )
        assert (response.status_code, response.json()["flags"]) == (201, []), response.text


@pytest.mark.parametrize("year", [1949, 1990, 2000, 2005, 2010, 2011, 2024])
async def test_a_scale_report_of_any_past_year_is_answered(client, keys, year):
    uscc = await register(client, keys, 905, registered_on="1949-10-01")
    response = await client.post(
        f"{ENTERPRISES}/{uscc}/scale-reports",
        json={"year": year, "main_business_revenue": "21000000.00"},
        headers=keys.headers("writer"),
    )
    assert response.status_code == 201, response.text
    assert response.json()["threshold"] is not None


@pytest.mark.parametrize("year", [0, 1948, 2100, 10000])
async def test_a_scale_report_year_out_of_the_calendar_is_refused(client, keys, year):
    uscc = await register(client, keys, 906)
    response = await client.post(
        f"{ENTERPRISES}/{uscc}/scale-reports",
        json={"year": year, "main_business_revenue": "21000000.00"},
        headers=keys.headers("writer"),
    )
    assert (response.status_code, response.json()["code"]) == (422, "validation_failed")


async def test_dates_at_the_end_of_the_calendar_are_refused_not_an_error(client, keys):
    uscc = await register(client, keys, 907)
    late = await client.post(
        f"{ENTERPRISES}/{uscc}/recognitions",
        json={"tier": "municipal_zjtx", "document_no": "x", "recognized_on": "9999-12-31"},
        headers=keys.headers("writer"),
    )
    assert (late.status_code, late.json()["code"]) == (422, "date_in_future")
    far = await client.post(
        f"{ENTERPRISES}/{uscc}/recognitions",
        json={"tier": "municipal_zjtx", "document_no": "x", "recognized_on": "2024-06-18", "expires_on": "9999-12-31"},
        headers=keys.headers("writer"),
    )
    assert (far.status_code, far.json()["code"]) == (422, "validation_failed")
    for as_of in ("9999-12-31", "0001-01-01", "0"):
        response = await client.get(f"{ENTERPRISES}/{uscc}", params={"as_of": as_of}, headers=keys.headers("reader"))
        assert (response.status_code, response.json()["code"]) == (422, "validation_failed"), as_of
    zero = await client.post(
        ENTERPRISES, json=enterprise_body(908, registered_on="0001-01-01"), headers=keys.headers("writer")
    )
    assert (zero.status_code, zero.json()["code"]) == (422, "date_too_early")
    await grant(client, keys, uscc)


async def test_lists_refuse_a_wrong_limit_and_an_unknown_filter(client, keys):
    for params in ({"limit": 0}, {"limit": -1}, {"limit": 201}, {"limit": "x"}):
        response = await client.get(ENTERPRISES, params=params, headers=keys.headers("reader"))
        assert (response.status_code, response.json()["code"]) == (422, "validation_failed"), params
    unknown = await client.get(ENTERPRISES, params={"park": "x"}, headers=keys.headers("reader"))
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_parameter")
    for params in ({"district_code": "150100"}, {"cluster": "steel"}, {"pool": "golden_geese"}, {"tier": "x"}):
        response = await client.get(ENTERPRISES, params=params, headers=keys.headers("reader"))
        assert (response.status_code, response.json()["code"]) == (422, "validation_failed"), params


async def test_a_dead_letter_cursor_that_is_not_a_position_is_refused(client, keys):
    # Found fuzzing the registry: "²" is a digit to str.isdigit but not to int (it was a 500); a cursor
    # is the position of the last letter given (its time and id), never a bare number nor a time at the
    # end of the calendar, which would leave it on the way to UTC.
    forged = [
        base64.urlsafe_b64encode(json.dumps(v).encode()).decode()
        for v in (
            ["9999-12-31T23:59:59-14:00", str(uuid.uuid4())],
            ["2025-01-01T00:00:00", str(uuid.uuid4())],
        )
    ]
    for cursor in ("²", "٣", "x", "-1", "0", "9" * 19, *forged):
        response = await client.get("/v1/admin/dead-letters", params={"cursor": cursor}, headers=keys.headers("admin"))
        assert (response.status_code, response.json()["code"]) == (400, "cursor_invalid"), cursor
    listed = await client.get("/v1/admin/dead-letters", headers=keys.headers("admin"))
    assert (listed.status_code, listed.json()) == (200, {"items": [], "next_cursor": None})
