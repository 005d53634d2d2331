"""GET /v1/budget?year= through the ASGI app (clock fixed at 2025-09-01): a year's awards committed
(computed + reviewed + approved) and paid (disbursed), by rule, by status and by funder (F.1); the
funders add up to the rules to the fen. Awards are made the real way: registry events and claims."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered

# Payments need both halves within their funders' appropriations (issue 12, item 6).
pytestmark = pytest.mark.usefixtures("appropriated")

BUDGET = "/v1/budget"


async def award_of(client, keys, uscc: str) -> dict:
    page = (await client.get("/v1/awards", params={"uscc": uscc}, headers=keys.headers("reader"))).json()
    assert len(page["items"]) == 1, page
    return page["items"][0]


async def step(client, keys, award_id: str, action: str, who: str, body: dict | None = None) -> None:
    response = await client.post(f"/v1/awards/{award_id}/{action}", headers=keys.headers(who), json=body)
    assert response.status_code == 200, response.text


async def seed(client, keys, sessions, handlers) -> dict[str, str]:
    """Four enterprises, five awards:
    - paid:      A1.1 200,000.00 (2025-02-10), 赛罕区 150105, reviewed, approved and disbursed;
    - approved:  A1.1 200,000.00 (2025-03-15), 新城区 150102;
    - computed:  A2.2 20% × 1,000,000.05 = 200,000.01 (2025-05-31), 金山高新区 Z-JSGX: city 100,000.01,
                 Z-JSGX 100,000.00 (the odd fen to the city);
    - rejected:  A1.1 200,000.00 (2025-04-01), 回民区 150103 — counted nowhere;
    - last year: A1.1 200,000.00 (2024-06-18), 150105 — in the 2024 budget only."""
    paid, approved, computed, rejected, last_year = (make_uscc(n) for n in (41, 42, 43, 44, 45))
    await apply(
        sessions,
        handlers,
        registered(paid, district_code="150105"),
        recognition(paid, "municipal_zjtx", date(2025, 2, 10), district_code="150105"),
        registered(approved, district_code="150102"),
        recognition(approved, "municipal_zjtx", date(2025, 3, 15), district_code="150102"),
        registered(computed, district_code="Z-JSGX"),
        recognition(computed, "region_zjtx", date(2024, 1, 10), district_code="Z-JSGX"),
        registered(rejected, district_code="150103"),
        recognition(rejected, "municipal_zjtx", date(2025, 4, 1), district_code="150103"),
        registered(last_year, district_code="150105"),
        recognition(last_year, "municipal_zjtx", date(2024, 6, 18), district_code="150105"),
    )
    claim = await client.post(
        "/v1/claims",
        headers=keys.headers("platform"),
        json={
            "rule": "A2.2",
            "uscc": computed,
            "project_name": "智能仓储改造",
            "investment_amount": "1000000.05",
            "completed_on": "2025-05-31",
        },
    )
    assert claim.json()["status"] == "accepted", claim.text
    ids = {name: (await award_of(client, keys, uscc))["id"] for name, uscc in [("paid", paid), ("approved", approved)]}
    for award_id in ids.values():
        await step(client, keys, award_id, "review", "reviewer")
        await step(client, keys, award_id, "approve", "approver")
    await step(
        client, keys, ids["paid"], "disburse", "treasury", {"payment_reference": "PAY-1", "paid_on": "2025-09-01"}
    )
    rejected_id = (await award_of(client, keys, rejected))["id"]
    await step(client, keys, rejected_id, "reject", "reviewer", {"reason": "材料不实"})
    return {"paid": paid, "approved": approved, "computed": computed, "rejected": rejected, "last_year": last_year}


async def budget(client, keys, **params) -> dict:
    response = await client.get(BUDGET, headers=keys.headers("reader"), params=params)
    assert response.status_code == 200, response.text
    return response.json()


# Nothing paid here was found due back.
NONE_BACK = {"recovery_due": "0.00", "recovered": "0.00"}


async def test_budget_of_a_year(client, keys, sessions, handlers):
    await seed(client, keys, sessions, handlers)
    body = await budget(client, keys, year=2025)
    assert body["year"] == 2025
    # committed: 200,000.00 (approved A1.1) + 200,000.01 (computed A2.2) = 400,000.01; paid 200,000.00.
    assert body["total"] == {"count": 3, "committed": "400000.01", "paid": "200000.00", **NONE_BACK}
    assert body["by_rule"] == [
        {"rule": "A1.1", "count": 2, "committed": "200000.00", "paid": "200000.00", **NONE_BACK},
        {"rule": "A2.2", "count": 1, "committed": "200000.01", "paid": "0.00", **NONE_BACK},
    ]
    statuses = {line["status"]: line for line in body["by_status"]}
    assert list(statuses) == [
        "computed",
        "reviewed",
        "approved",
        "disbursed",
        "recovery_due",
        "recovered",
        "rejected",
        "revoked",
    ]
    assert statuses["computed"] == {
        "status": "computed",
        "count": 1,
        "amount": "200000.01",
        "committed": "200000.01",
        "paid": "0.00",
    }
    assert statuses["approved"] == {
        "status": "approved",
        "count": 1,
        "amount": "200000.00",
        "committed": "200000.00",
        "paid": "0.00",
    }
    assert statuses["disbursed"]["paid"] == "200000.00"
    # The rejected award is listed under its status, and nowhere else.
    assert statuses["rejected"] == {
        "status": "rejected",
        "count": 1,
        "amount": "200000.00",
        "committed": "0.00",
        "paid": "0.00",
    }
    assert (statuses["reviewed"]["count"], statuses["revoked"]["count"]) == (0, 0)
    # F.1 by funder: city 100,000.00 (approved) + 100,000.01 (the odd fen of A2.2) committed, 100,000.00 paid;
    # 150102 100,000.00 committed; 150105 100,000.00 paid; Z-JSGX 100,000.00 committed; 150103 only rejected.
    assert body["by_funder"] == [
        {"funder": "city", "count": 3, "committed": "200000.01", "paid": "100000.00", **NONE_BACK},
        {"funder": "150102", "count": 1, "committed": "100000.00", "paid": "0.00", **NONE_BACK},
        {"funder": "150103", "count": 0, "committed": "0.00", "paid": "0.00", **NONE_BACK},
        {"funder": "150105", "count": 1, "committed": "0.00", "paid": "100000.00", **NONE_BACK},
        {"funder": "Z-JSGX", "count": 1, "committed": "100000.00", "paid": "0.00", **NONE_BACK},
    ]


async def test_funders_add_up_to_the_rules_to_the_fen(client, keys, sessions, handlers):
    await seed(client, keys, sessions, handlers)
    for year in (2024, 2025):
        body = await budget(client, keys, year=year)
        for column in ("committed", "paid", "recovery_due", "recovered"):
            by_rule = sum(Decimal(line[column]) for line in body["by_rule"])
            by_funder = sum(Decimal(line[column]) for line in body["by_funder"])
            assert by_rule == by_funder == Decimal(body["total"][column]), (year, column)
            if column in ("committed", "paid"):
                by_status = sum(Decimal(line[column]) for line in body["by_status"])
                assert by_status == by_rule, (year, column)


async def test_other_year_and_default_year(client, keys, sessions, handlers):
    await seed(client, keys, sessions, handlers)
    # 2024: only the A1.1 of 2024-06-18, computed: 200,000.00 committed, half each to the city and 150105.
    last = await budget(client, keys, year=2024)
    assert last["total"] == {"count": 1, "committed": "200000.00", "paid": "0.00", **NONE_BACK}
    assert last["by_funder"] == [
        {"funder": "city", "count": 1, "committed": "100000.00", "paid": "0.00", **NONE_BACK},
        {"funder": "150105", "count": 1, "committed": "100000.00", "paid": "0.00", **NONE_BACK},
    ]
    # Without a year: this year (2025 by the test clock).
    assert (await budget(client, keys))["year"] == 2025
    # A year with no award: zeros, every status listed.
    empty = await budget(client, keys, year=2022)
    assert (empty["total"], empty["by_rule"], empty["by_funder"]) == (
        {"count": 0, "committed": "0.00", "paid": "0.00", **NONE_BACK},
        [],
        [],
    )
    assert len(empty["by_status"]) == 8


@pytest.mark.parametrize(
    ("year", "code"),
    [
        # Outside the platform's calendar (1949 to 2099): refused by the parameter's bounds.
        (0, "validation_failed"),
        (-32, "validation_failed"),
        (10000, "validation_failed"),
        (2021, "year_out_of_range"),
        (2026, "year_out_of_range"),
        ("2025x", "validation_failed"),
    ],
)
async def test_bad_year_is_a_problem(client, keys, year, code):
    response = await client.get(BUDGET, headers=keys.headers("reader"), params={"year": year})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code


async def test_needs_awards_read(client, keys):
    assert (await client.get(BUDGET)).status_code == 401
    assert (await client.get(BUDGET, headers=keys.headers("outsider"))).status_code == 403
