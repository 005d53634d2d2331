"""The OpenAPI document is the contract (issue 8): the examples it offers are accepted as a client copies
them, in the order of a ticket's life; lists page with `limit` and `cursor` within their bounds (the Open311
view excepted: GeoReport v2 fixes its shape); a credit code filter is held to its pattern; dates stay within
the platform's calendar, Open311's answered in the standard's error format."""

from __future__ import annotations

from datetime import datetime

import pytest

from zjtx.common.clock import CHINA, FixedClock
from zjtx.common.testing.openapi import request_examples

from .flows import intake

# The example's ticket was received on Monday 2025-09-01 at 09:12; its return visit is dated 2025-09-03.
AFTER_THE_VISIT = datetime(2025, 9, 4, 10, 0, tzinfo=CHINA)


async def test_every_request_example_of_the_document_is_accepted(client, keys, app):
    examples = request_examples((await client.get("/openapi.json")).json())
    admin = keys.headers("admin")
    ticket_path = "/v1/tickets/{ticket_id}"

    async def send(method: str, path: str, template: str | None = None, *, status: int = 200, as_: str = "czj"):
        body = examples.pop((method, template or path))
        response = await client.request(method, path, json=body, headers=keys.headers(as_))
        assert response.status_code == status, (path, response.text)
        return response.json()

    received = await intake(client, keys, examples.pop(("POST", "/v1/tickets")))  # signed, as the 12345 system
    assert received.status_code == 201, received.text
    ticket = received.json()
    assert (ticket["category"], ticket["department"], ticket["enterprise"]["match"]) == (
        "arrears",
        "GXJ",
        "unregistered",
    )
    await send("POST", "/v1/departments", status=201, as_="admin")
    await send("PUT", "/v1/routing", as_="admin")
    at = f"/v1/tickets/{ticket['id']}"
    await send("POST", f"{at}/reassign", f"{ticket_path}/reassign", as_="gxj")  # to 财政局 CZJ
    await send("POST", f"{at}/extensions", f"{ticket_path}/extensions")
    assert (await client.post(f"{at}/acknowledge", headers=keys.headers("czj"))).status_code == 200
    await send("POST", f"{at}/reply", f"{ticket_path}/reply")
    app.state.clock = FixedClock(AFTER_THE_VISIT)
    rated = await send("POST", f"{at}/rate", f"{ticket_path}/rate")
    assert (rated["status"], rated["rating"]["rating"]) == ("rated", "satisfied")
    assert examples == {}, examples  # every example was tried
    assert (await client.get(at, headers=admin)).json()["extension_days"] == 30


@pytest.mark.parametrize("path", ["/v1/tickets", "/v1/departments", "/v1/callbacks"])
async def test_a_list_takes_a_limit_of_1_to_200_and_only_its_own_cursor(client, keys, path: str):
    admin = keys.headers("admin")
    for limit in ("0", "201", "-1"):
        response = await client.get(path, params={"limit": limit}, headers=admin)
        assert (response.status_code, response.json()["code"]) == (422, "validation_failed"), (path, limit)
    assert (await client.get(path, params={"limit": "200"}, headers=admin)).status_code == 200
    wrong = await client.get(path, params={"cursor": "bm90IGEgY3Vyc29y"}, headers=admin)
    assert (wrong.status_code, wrong.json()["code"]) == (400, "cursor_invalid"), path


async def test_filters_are_held_to_their_patterns_and_dates_to_the_calendar(client, keys):
    reader = keys.headers("reader")
    lower = await client.get("/v1/tickets", params={"uscc": "91310110666007217t"}, headers=reader)
    assert (lower.status_code, lower.json()["errors"][0]["field"]) == (422, "query.uscc")
    far = await client.get("/v1/kpis", params={"from": "1949-09-30"}, headers=reader)
    assert (far.status_code, far.json()["errors"][0]["field"]) == (422, "query.from")
    # A date is YYYY-MM-DD: "0" is not 1970-01-01.
    zero = await client.get("/v1/tickets", params={"to": "0"}, headers=reader)
    assert (zero.status_code, zero.json()["errors"][0]["field"]) == (422, "query.to")
    department = await client.get("/v1/tickets", params={"department": "gxj"}, headers=reader)
    assert (department.status_code, department.json()["errors"][0]["field"]) == (422, "query.department")


async def test_an_open311_instant_outside_the_calendar_is_a_400_in_the_standards_format(client):
    for name, value in (("end_date", "0001-01-05T00:00:00+08:00"), ("start_date", "2100-01-01T00:00:00+08:00")):
        response = await client.get("/open311/v2/requests.json", params={name: value})
        assert response.status_code == 400, (name, response.text)
        assert response.json() == [{"code": 400, "description": f"{name} is outside 1949-10-01 to 2099-12-31"}]
