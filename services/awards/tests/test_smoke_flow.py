"""The life of an award end to end inside the awards service: event → computed → reviewed →
approved → disbursed, with the F.1 split; and a claim."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered

# Payments need both halves within their funders' appropriations (issue 12, item 6).
pytestmark = pytest.mark.usefixtures("appropriated")


async def test_recognition_becomes_an_award_and_is_paid_once(client, keys, sessions, handlers):
    uscc = make_uscc(1)
    grant = recognition(uscc, "municipal_zjtx", date(2024, 6, 18))
    assert await apply(sessions, handlers, registered(uscc), grant, grant) == [True, True, False]
    response = await client.get("/v1/awards", params={"uscc": uscc}, headers=keys.headers("reader"))
    page = response.json()
    assert len(page["items"]) == 1
    award = page["items"][0]
    # A1.1: a new municipal recognition → 200,000.00, half the city, half 赛罕区 (150105).
    assert (award["rule"], award["amount"], award["status"]) == ("A1.1", "200000.00", "computed")
    assert award["funding"] == [
        {"funder": "city", "amount": "100000.00", "funder_name": "市本级"},
        {"funder": "150105", "amount": "100000.00", "funder_name": "赛罕区"},
    ]
    award_id = award["id"]
    reviewed = await client.post(f"/v1/awards/{award_id}/review", headers=keys.headers("officer"))
    assert reviewed.status_code == 200, reviewed.text
    same = await client.post(f"/v1/awards/{award_id}/approve", headers=keys.headers("officer"))
    assert (same.status_code, same.json()["code"]) == (403, "approver_is_reviewer")
    approved = await client.post(f"/v1/awards/{award_id}/approve", headers=keys.headers("approver"))
    assert approved.json()["status"] == "approved"
    paid = await client.post(
        f"/v1/awards/{award_id}/disburse",
        headers=keys.headers("treasury"),
        json={"payment_reference": "PAY-2025-0001", "paid_on": "2025-09-01"},
    )
    assert paid.json()["status"] == "disbursed", paid.text


async def test_upgrade_claim_is_capped(client, keys, sessions, handlers):
    uscc = make_uscc(2)
    await apply(sessions, handlers, registered(uscc), recognition(uscc, "region_zjtx", date(2023, 3, 1)))
    # A2.2: 20% × 3,000,000.00 = 600,000.00 > cap 500,000.00 → 500,000.00
    response = await client.post(
        "/v1/claims",
        headers=keys.headers("platform"),
        json={
            "rule": "A2.2",
            "uscc": uscc,
            "project_name": "乳品生产线智能化改造",
            "investment_amount": "3000000.00",
            "completed_on": "2025-05-31",
        },
    )
    assert response.status_code == 201, response.text
    claim = response.json()
    assert claim["status"] == "accepted"
    award = (await client.get(f"/v1/awards/{claim['award_id']}", headers=keys.headers("reader"))).json()
    assert award["amount"] == "500000.00"
    assert award["explanation"]["formula"][-1] == "20% × 3,000,000.00 = 600,000.00"
