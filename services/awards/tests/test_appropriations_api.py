"""Appropriations and payments against them (issue 12, item 6; F.1), through the ASGI app, clock fixed at
2025-09-01: each funder (the city, 市本级, and each district or zone) appropriates money for a fiscal year;
a payment needs the city's half and the district's half each within what its funder has left in the
fiscal year of `paid_on`; the budget counts paid money in the year it was paid.

The worked example (A2.2, 20% of the investment, RULES F.1 for the split):
    investment 1,000,000.05 × 20% = 200,000.01;
    city half rounds up: 100,000.01 (the odd fen to the city); 金山高新区 Z-JSGX: 200,000.01 − 100,000.01 = 100,000.00.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from zjtx.awards.appropriation.models import Appropriation
from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered

from . import stored
from .claiming import claim, step, upgrade

APPROPRIATIONS = "/v1/budget/appropriations"
CITY_HALF, ZONE_HALF = "100000.01", "100000.00"


async def appropriate(client, keys, funder: str, amount: str, fiscal_year: int = 2025) -> dict:
    body = {"funder": funder, "fiscal_year": fiscal_year, "amount": amount, "reference": f"呼财预-{funder}"}
    response = await client.post(APPROPRIATIONS, headers=keys.headers("admin"), json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def approved_upgrade(client, keys, sessions, handlers, serial: int) -> str:
    """An approved A2.2 award of 200,000.01 (city 100,000.01, Z-JSGX 100,000.00), as the module says."""
    uscc = make_uscc(serial)
    await apply(
        sessions,
        handlers,
        registered(uscc, district_code="Z-JSGX"),
        recognition(uscc, "region_zjtx", date(2024, 1, 10), district_code="Z-JSGX"),
    )
    accepted = await claim(client, keys, upgrade(uscc, "1000000.05"))
    award_id = accepted["award_id"]
    await step(client, keys, award_id, "review", who="reviewer")
    await step(client, keys, award_id, "approve", who="approver")
    return award_id


async def disburse(client, keys, award_id: str, paid_on: str = "2025-09-01"):
    body = {"payment_reference": "PAY-2025-0700", "paid_on": paid_on}
    return await client.post(f"/v1/awards/{award_id}/disburse", headers=keys.headers("treasury"), json=body)


async def standings(client, keys, year: int = 2025) -> dict[str, dict]:
    response = await client.get("/v1/budget", headers=keys.headers("reader"), params={"year": year})
    assert response.status_code == 200, response.text
    return {line["funder"]: line for line in response.json()["appropriations"]}


async def test_a_payment_of_exactly_what_remains_goes_through(client, keys, sessions, handlers):
    award_id = await approved_upgrade(client, keys, sessions, handlers, 701)
    # Each funder appropriated exactly its half: city 100,000.01, Z-JSGX 100,000.00.
    await appropriate(client, keys, "city", CITY_HALF)
    await appropriate(client, keys, "Z-JSGX", ZONE_HALF)
    paid = await disburse(client, keys, award_id)
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "disbursed"
    # remaining = appropriated − paid: 100,000.01 − 100,000.01 = 0.00; 100,000.00 − 100,000.00 = 0.00.
    assert await standings(client, keys) == {
        "city": {
            "funder": "city",
            "fiscal_year": 2025,
            "appropriated": CITY_HALF,
            "paid": CITY_HALF,
            "remaining": "0.00",
        },
        "Z-JSGX": {
            "funder": "Z-JSGX",
            "fiscal_year": 2025,
            "appropriated": ZONE_HALF,
            "paid": ZONE_HALF,
            "remaining": "0.00",
        },
    }


@pytest.mark.parametrize(
    ("city", "zone", "short"),
    [
        # The city's half is 100,000.01: 100,000.00 left is one fen short.
        ("100000.00", ZONE_HALF, "city"),
        # The zone's half is 100,000.00: 99,999.99 left is one fen short (the district's matching half).
        (CITY_HALF, "99999.99", "Z-JSGX"),
    ],
)
async def test_one_fen_over_a_funders_remaining_is_refused_and_records_nothing(
    client, keys, sessions, handlers, city, zone, short
):
    award_id = await approved_upgrade(client, keys, sessions, handlers, 702)
    await appropriate(client, keys, "city", city)
    await appropriate(client, keys, "Z-JSGX", zone)
    before = await stored.counts(sessions)
    refused = await disburse(client, keys, award_id)
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["code"] == "appropriation_exceeded"
    assert problem["detail"].startswith(f"{short}'s share")
    assert await stored.counts(sessions) == before
    award = (await client.get(f"/v1/awards/{award_id}", headers=keys.headers("reader"))).json()
    assert (award["status"], award["paid_on"]) == ("approved", None)
    assert {line["paid"] for line in (await standings(client, keys)).values()} == {"0.00"}
    # A supplementary appropriation of the missing fen makes the payment fit exactly.
    await appropriate(client, keys, short, "0.01")
    assert (await disburse(client, keys, award_id)).status_code == 200


async def test_no_appropriation_for_the_payments_year_is_nothing_left(client, keys, sessions, handlers):
    award_id = await approved_upgrade(client, keys, sessions, handlers, 703)
    # Ample for 2024, none for 2025: a payment on 2025-09-01 belongs to fiscal year 2025.
    await appropriate(client, keys, "city", "500000.00", fiscal_year=2024)
    await appropriate(client, keys, "Z-JSGX", "500000.00", fiscal_year=2024)
    refused = await disburse(client, keys, award_id)
    assert (refused.status_code, refused.json()["code"]) == (409, "appropriation_exceeded")
    assert "0.00 left of its 2025 appropriations" in refused.json()["detail"]


async def test_the_budget_counts_a_payment_in_the_year_it_was_paid(client, keys, sessions, handlers):
    # A municipal recognition of 2024-06-18 in 赛罕区 150105: A1.1 200,000.00 (city 100,000.00, 150105
    # 100,000.00), committed in 2024 (its reference date), paid on 2025-09-01: 2025's money.
    uscc = make_uscc(704)
    await apply(
        sessions,
        handlers,
        registered(uscc, district_code="150105"),
        recognition(uscc, "municipal_zjtx", date(2024, 6, 18), district_code="150105"),
    )
    page = (await client.get("/v1/awards", params={"uscc": uscc}, headers=keys.headers("reader"))).json()
    award_id = page["items"][0]["id"]
    await appropriate(client, keys, "city", "300000.00")
    await appropriate(client, keys, "150105", "150000.00")
    budget_2024 = (await client.get("/v1/budget", headers=keys.headers("reader"), params={"year": 2024})).json()
    assert (budget_2024["total"]["committed"], budget_2024["total"]["paid"]) == ("200000.00", "0.00")
    await step(client, keys, award_id, "review", who="reviewer")
    await step(client, keys, award_id, "approve", who="approver")
    assert (await disburse(client, keys, award_id)).status_code == 200
    budget_2024 = (await client.get("/v1/budget", headers=keys.headers("reader"), params={"year": 2024})).json()
    budget_2025 = (await client.get("/v1/budget", headers=keys.headers("reader"), params={"year": 2025})).json()
    # Paid in 2025: nothing left in 2024 (neither committed nor paid), 200,000.00 paid in 2025.
    assert (budget_2024["total"]["committed"], budget_2024["total"]["paid"]) == ("0.00", "0.00")
    assert (budget_2025["total"]["committed"], budget_2025["total"]["paid"]) == ("0.00", "200000.00")
    # remaining: city 300,000.00 − 100,000.00 = 200,000.00; 150105 150,000.00 − 100,000.00 = 50,000.00.
    lines = await standings(client, keys)
    assert (lines["city"]["remaining"], lines["150105"]["remaining"]) == ("200000.00", "50000.00")


async def test_appropriation_lines_add_up_and_are_listed_a_page_at_a_time(client, keys):
    first = await appropriate(client, keys, "city", "1000000.00")
    await appropriate(client, keys, "city", "250000.50")
    await appropriate(client, keys, "150102", "400000.00", fiscal_year=2026)
    assert first["recorded_by"] == "admin" and first["amount"] == "1000000.00"
    # The city's 2025: 1,000,000.00 + 250,000.50 = 1,250,000.50, nothing paid.
    assert (await standings(client, keys))["city"]["remaining"] == "1250000.50"
    reader = keys.headers("reader")
    page = (await client.get(APPROPRIATIONS, headers=reader, params={"limit": 2})).json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = (await client.get(APPROPRIATIONS, headers=reader, params={"limit": 2, "cursor": page["next_cursor"]})).json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    ids = {item["id"] for item in page["items"] + rest["items"]}
    assert len(ids) == 3
    only = (await client.get(APPROPRIATIONS, headers=reader, params={"funder": "150102", "fiscal_year": 2026})).json()
    assert [(i["funder"], i["fiscal_year"], i["amount"]) for i in only["items"]] == [("150102", 2026, "400000.00")]


async def test_a_funder_may_be_named_as_the_budget_document_names_it(client, keys):
    # The budget office writes 市本级 and 赛罕区, not city and 150105: the same funders, kept by their codes.
    city = await appropriate(client, keys, "市本级", "500000.00")
    district = await appropriate(client, keys, "赛罕区", "300000.00")
    assert (city["funder"], district["funder"]) == ("city", "150105")
    assert (await standings(client, keys))["city"]["remaining"] == "500000.00"


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"amount": "0.00"}, 422, "appropriation_invalid"),
        ({"amount": "1.5"}, 422, "validation_failed"),
        ({"amount": 100}, 422, "validation_failed"),
        ({"funder": "999999"}, 422, "validation_failed"),
        ({"funder": "北京市"}, 422, "validation_failed"),
        ({"fiscal_year": 2021}, 422, "validation_failed"),
        ({"fiscal_year": 2100}, 422, "validation_failed"),
        ({"reference": "  "}, 422, "validation_failed"),
        ({"surplus": 1}, 422, "validation_failed"),
    ],
)
async def test_bad_appropriations_are_problems_and_write_nothing(client, keys, sessions, change, status, code):
    body = {"funder": "city", "fiscal_year": 2025, "amount": "1000.00", "reference": "呼财预〔2025〕12号"} | change
    response = await client.post(APPROPRIATIONS, headers=keys.headers("admin"), json=body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Appropriation)) == 0


@pytest.mark.parametrize(("who", "status"), [("treasury", 403), ("approver", 403), (None, 401)])
async def test_only_an_administrator_appropriates(client, keys, who, status):
    headers = keys.headers(who) if who else {}
    body = {"funder": "city", "fiscal_year": 2025, "amount": "1000.00", "reference": "R"}
    assert (await client.post(APPROPRIATIONS, headers=headers, json=body)).status_code == status


async def test_a_forged_cursor_is_refused(client, keys):
    response = await client.get(APPROPRIATIONS, headers=keys.headers("reader"), params={"cursor": "forged"})
    assert (response.status_code, response.json()["code"]) == (400, "cursor_invalid")
