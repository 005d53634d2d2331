"""The OpenAPI document is the contract (issue 8): the examples it offers are accepted as a client copies
them, in the order a client goes (a buyer, a contract, what happens to it), lists page with `limit` and
`cursor` within their bounds, credit codes are refused by their shape and by their check character, and
rates are strings."""

from __future__ import annotations

from datetime import datetime

import pytest

from zjtx.common.clock import CHINA
from zjtx.common.testing.openapi import request_examples
from zjtx.common.testing.registry_events import apply

from . import world

# The examples are dated up to 2026 (a plan's year): the service's today is after them.
TODAY = datetime(2026, 12, 2, 10, 0, tzinfo=CHINA)
SELLER = "91150105MA0Q4LJX27"  # the seller of the examples


@pytest.fixture
def now() -> datetime:
    return TODAY


async def test_every_request_example_of_the_document_is_accepted(client, keys, sessions, handlers):
    examples = request_examples((await client.get("/openapi.json")).json())
    await apply(sessions, handlers, world.size_event(SELLER))  # the registry reported the seller
    under = "/v1/contracts/{contract_no}"

    async def send(method: str, path: str, template: str | None = None, *, status: int) -> dict:
        body = examples.pop((method, template or path))
        response = await client.request(method, path, json=body, headers=keys.headers("platform"))
        assert response.status_code == status, (path, response.text)
        return response.json()

    await send("POST", "/v1/buyers", status=201)
    contract_example = examples[("POST", "/v1/contracts")]
    number = (await send("POST", "/v1/contracts", status=201))["contract_no"]
    await send("POST", f"/v1/contracts/{number}/deliveries", f"{under}/deliveries", status=201)
    await send("POST", f"/v1/contracts/{number}/acceptances", f"{under}/acceptances", status=201)
    dispute = await send("POST", f"/v1/contracts/{number}/disputes", f"{under}/disputes", status=201)
    resolution = f"/v1/contracts/{number}/disputes/{dispute['id']}/resolution"
    await send("POST", resolution, f"{under}/disputes/{{dispute_id}}/resolution", status=200)
    await send("POST", f"/v1/contracts/{number}/payments", f"{under}/payments", status=201)
    # A settlement is of a contract that settles periodically: the example contract, so agreed.
    periodic = contract_example | {
        "contract_no": "HHHT-GXJ-2025-0138",
        "periodic_settlement": True,
        "acceptance_required": False,
        "acceptance_period_days": None,
    }
    assert (await client.post("/v1/contracts", json=periodic, headers=keys.headers("platform"))).status_code == 201
    await send("POST", "/v1/contracts/HHHT-GXJ-2025-0138/settlements", f"{under}/settlements", status=201)
    await send("POST", "/v1/procurement-plans", status=201)
    assert examples == {}  # every example was tried


@pytest.mark.parametrize(
    "path", ["/v1/buyers", "/v1/contracts", "/v1/lpr", "/v1/procurement-plans", "/v1/reports/payment-practices"]
)
async def test_a_list_takes_a_limit_of_1_to_200_and_only_its_own_cursor(client, keys, path: str):
    reader = keys.headers("reader")
    for limit in ("0", "201", "-1"):
        response = await client.get(path, params={"limit": limit}, headers=reader)
        assert (response.status_code, response.json()["code"]) == (422, "validation_failed"), (path, limit)
    assert (await client.get(path, params={"limit": "200"}, headers=reader)).status_code == 200
    wrong = await client.get(path, params={"cursor": "bm90IGEgY3Vyc29y"}, headers=reader)
    assert (wrong.status_code, wrong.json()["code"]) == (400, "cursor_invalid"), path


async def test_a_credit_code_is_refused_by_its_shape_and_by_its_check_character(client, keys):
    reader = keys.headers("reader")
    shape = await client.get("/v1/contracts", params={"seller_uscc": "91310110666007217t"}, headers=reader)
    assert (shape.status_code, shape.json()["errors"][0]["field"]) == (422, "query.seller_uscc")
    # reference.md: 914403001922038217 is 914403001922038216 with its check character altered.
    check = await client.get("/v1/buyers/914403001922038217/risk", headers=reader)
    assert (check.status_code, check.json()["code"]) == (422, "uscc_invalid")


async def test_an_agreed_rate_is_a_string_and_a_plan_year_stays_in_the_calendar(client, keys, sessions, handlers):
    seller = await world.seller(sessions, handlers, 1)
    organ = await world.buyer(client, keys, 1)
    body = {
        "contract_no": "RATE-1",
        "buyer_code": organ,
        "seller_uscc": seller,
        "amount": "1000.00",
        "subject": "goods",
        "signed_on": "2025-07-01",
        "agreed_overdue_rate": 0.0435,
    }
    numeric = await client.post("/v1/contracts", json=body, headers=keys.headers("platform"))
    assert (numeric.status_code, numeric.json()["errors"][0]["field"]) == (422, "agreed_overdue_rate")
    plan = {"buyer_code": organ, "year": 2100, "total_budget": "1.00", "sme_reserved": "1.00"}
    far = await client.post(
        "/v1/procurement-plans", json=plan | {"small_micro_reserved": "1.00"}, headers=keys.headers("platform")
    )
    assert (far.status_code, far.json()["errors"][0]["field"]) == (422, "year")
    # A filter's year out of any integer column's range was a 500 from the database; now the calendar refuses it.
    wild = await client.get(
        "/v1/procurement-plans", params={"year": "-83785578203369776"}, headers=keys.headers("reader")
    )
    assert (wild.status_code, wild.json()["errors"][0]["field"]) == (422, "query.year")
