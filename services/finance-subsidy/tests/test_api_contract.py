"""The OpenAPI document is the contract (issue 8): the examples it offers are accepted as a client copies
them, lists page with `limit` and `cursor` within their bounds, credit codes are refused by their shape
(the schema's pattern) and by their check character (`uscc_invalid`), rates are strings, and dates and
years stay within the platform's calendar."""

from __future__ import annotations

from datetime import datetime

import pytest

from zjtx.common.clock import CHINA
from zjtx.common.testing.openapi import request_examples

from .world import World

# The examples are dated up to 2026-10-20 (an LPR publication): the service's today is after them.
TODAY = datetime(2026, 12, 2, 10, 0, tzinfo=CHINA)


@pytest.fixture
def now() -> datetime:
    return TODAY


@pytest.fixture
async def demo(client, keys, sessions, handlers, clock) -> World:
    return World(client, keys, sessions, handlers, clock)


async def test_every_request_example_of_the_document_is_accepted(demo: World):
    examples = request_examples((await demo.client.get("/openapi.json")).json())
    admin = demo.headers("admin")
    # In the order a client would go: the bank first, as the README says.
    for operation, status in [
        (("POST", "/v1/banks"), 201),
        (("POST", "/v1/lpr"), 201),
        (("POST", "/v1/risk-pool/deposits"), 201),
        (("POST", "/v1/loan-products"), 201),
        (("POST", "/v1/simulate"), 200),
    ]:
        response = await demo.client.request(*operation, json=examples.pop(operation), headers=admin)
        assert response.status_code == status, (operation, response.text)
    # The bank's event, signed with its key: its loan is not reported yet, so it is held.
    response = await demo.post(examples.pop(("POST", "/v1/bank-events")))
    assert (response.status_code, response.json()["status"]) == (200, "held")
    assert examples == {}  # every example was tried


@pytest.mark.parametrize(
    "path", ["/v1/banks", "/v1/lpr/publications", "/v1/subsidies", "/v1/bank-events", "/v1/loan-products"]
)
async def test_a_list_takes_a_limit_of_1_to_200_and_only_its_own_cursor(demo: World, path: str):
    admin = demo.headers("admin")
    for limit in ("0", "201", "-1"):
        response = await demo.client.get(path, params={"limit": limit}, headers=admin)
        assert (response.status_code, response.json()["code"]) == (422, "validation_failed"), (path, limit)
    assert (await demo.client.get(path, params={"limit": "200"}, headers=admin)).status_code == 200
    wrong = await demo.client.get(path, params={"cursor": "bm90IGEgY3Vyc29y"}, headers=admin)
    assert (wrong.status_code, wrong.json()["code"]) == (400, "cursor_invalid"), path


async def test_a_credit_code_is_refused_by_its_shape_and_by_its_check_character(demo: World):
    platform = demo.headers("platform")
    # reference.md: 914403001922038217 is 914403001922038216 with its check character altered.
    shape = await demo.client.get("/v1/subsidies", params={"uscc": "91310110666007217t"}, headers=platform)
    assert (shape.status_code, shape.json()["errors"][0]["field"]) == (422, "query.uscc")
    check = await demo.client.get("/v1/subsidies", params={"uscc": "914403001922038217"}, headers=platform)
    assert (check.status_code, check.json()["code"], check.json()["detail"]) == (
        422,
        "uscc_invalid",
        "check character should be 6",
    )
    path = await demo.client.get("/v1/enterprises/914403001922038217/subsidy-summary?year=2025", headers=platform)
    assert (path.status_code, path.json()["code"]) == (422, "uscc_invalid")


async def test_rates_are_strings_and_dates_and_years_stay_in_the_calendar(demo: World):
    admin = demo.headers("admin")
    lpr = await demo.client.post(
        "/v1/lpr", json={"published_on": "2026-10-20", "one_year": 3.0, "five_year": "3.50"}, headers=admin
    )
    assert (lpr.status_code, lpr.json()["errors"][0]["field"]) == (422, "one_year")
    for year in ("1948", "2100"):
        kpis = await demo.client.get("/v1/kpis", params={"year": year}, headers=admin)
        assert (kpis.status_code, kpis.json()["code"]) == (422, "validation_failed"), year
    for on in ("2100-01-01", "0", "2024-11-01T00:00:00"):  # "0" is no date: not 1970-01-01
        far = await demo.client.get("/v1/lpr", params={"on": on}, headers=admin)
        assert (far.status_code, far.json()["code"]) == (422, "validation_failed"), on
    deposit = {"amount": "1.00", "funder": "city", "deposited_on": "1900-01-01"}
    early = await demo.client.post("/v1/risk-pool/deposits", json=deposit, headers=admin)
    assert (early.status_code, early.json()["errors"][0]["field"]) == (422, "deposited_on")


async def test_a_bank_event_with_a_numeric_rate_or_a_lower_case_code_is_refused_and_nothing_is_stored(demo: World):
    await demo.bank("DEMO")
    event = {
        "event_id": "DEMO-E-1",
        "type": "loan.disbursed",
        "bank_code": "DEMO",
        "occurred_at": "2025-03-15T10:00:00+08:00",
        "payload": {
            "loan_id": "L-1",
            "uscc": "91310110666007217T",
            "principal": "1000000.00",
            "annual_rate": 3.8,
            "disbursed_on": "2025-03-15",
            "maturity_on": "2026-03-15",
            "purpose": "working_capital",
            "product": "standard",
        },
    }
    numeric = await demo.post(event)
    assert (numeric.status_code, numeric.json()["errors"][0]["field"]) == (422, "payload.annual_rate")
    lower = await demo.post(
        {**event, "payload": {**event["payload"], "annual_rate": "3.80", "uscc": "91310110666007217t"}}
    )
    assert (lower.status_code, lower.json()["errors"][0]["field"]) == (422, "payload.uscc")
    listed = await demo.get("/v1/bank-events", client="admin")
    assert listed == {"items": [], "next_cursor": None}


async def test_a_path_that_fits_no_route_is_the_documented_not_found(demo: World):
    # Found by `make fuzz`: a newline in a loan id is not matched by the `{loan_id:path}` template, so
    # the router answers its own 404 `not_found`, which the operation must document beside its own.
    response = await demo.client.get("/v1/loans/DEMO/L-1%0A2", headers=demo.headers("admin"))
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    document = (await demo.client.get("/openapi.json")).json()
    schema = document["paths"]["/v1/loans/{bank_code}/{loan_id}"]["get"]["responses"]["404"]["content"]
    assert {"not_found", "loan_not_found"} <= set(
        schema["application/problem+json"]["schema"]["properties"]["code"]["enum"]
    )
