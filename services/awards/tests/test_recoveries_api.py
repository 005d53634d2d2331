"""追回 (issue 12, item 7): a paid award flagged recovery_due, and the money that comes back of it recorded by
the finance bureau in several payments (POST /v1/awards/{id}/recoveries); the budget shows what is still due
back and what came back, split as the award was (F.1)."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.common.testing.registry_events import apply

from . import stored
from .paid import paid_a1_1, revocation

# Payments need both halves within their funders' appropriations (issue 12, item 6).
pytestmark = pytest.mark.usefixtures("appropriated")


async def flagged_award(sessions, handlers, client, keys, serial: int) -> str:
    """A1.1 200,000.00 (赛罕区 150105, recognised 2024-06-18), paid 2025-09-01, then its recognition revoked
    from 2024-07-01 for fraud: all 200,000.00 due back."""
    uscc, recognition_id, award_id = await paid_a1_1(
        sessions, handlers, client, keys, serial, reference="PAY-2025-0120"
    )
    await apply(sessions, handlers, revocation(uscc, recognition_id, date(2024, 7, 1)))
    return award_id


def back(amount: str, reference: str, on: str = "2025-09-01") -> dict:
    return {"amount": amount, "recovery_reference": reference, "recovered_on": on}


async def budget_2025(client, keys) -> dict:
    """The budget of 2025, the year the award was paid (paid money counts in its payment year)."""
    response = await client.get("/v1/budget", params={"year": 2025}, headers=keys.headers("reader"))
    assert response.status_code == 200, response.text
    return response.json()


async def test_money_comes_back_in_two_payments(sessions, handlers, client, keys):
    award_id = await flagged_award(sessions, handlers, client, keys, 1901)
    url = f"/v1/awards/{award_id}/recoveries"

    first = await client.post(url, json=back("50000.01", "BACK-1"), headers=keys.headers("treasury"))
    assert first.status_code == 201, first.text
    body = first.json()
    assert (body["status"], body["recovery_due"], body["recovered"]) == ("recovery_due", "200000.00", "50000.01")
    assert [(r["amount"], r["reference"], r["recorded_by"]) for r in body["recoveries"]] == [
        ("50000.01", "BACK-1", "treasury")
    ]
    # Budget of 2025 (paid 2025-08-20; reference year 2024): 200,000.00 paid; 149,999.99 still due, 50,000.01 back.
    # F.1: due 149,999.99 → city 75,000.00, 赛罕区 74,999.99; back 50,000.01 → city 25,000.01, 赛罕区 25,000.00.
    budget = await budget_2025(client, keys)
    assert (budget["total"]["recovery_due"], budget["total"]["recovered"]) == ("149999.99", "50000.01")
    assert [(f["funder"], f["recovery_due"], f["recovered"]) for f in budget["by_funder"]] == [
        ("city", "75000.00", "25000.01"),
        ("150105", "74999.99", "25000.00"),
    ]

    too_much = await client.post(url, json=back("150000.00", "BACK-2"), headers=keys.headers("treasury"))
    assert (too_much.status_code, too_much.json()["code"]) == (422, "recovery_exceeds_due")
    last = await client.post(url, json=back("149999.99", "BACK-2"), headers=keys.headers("treasury"))
    assert last.status_code == 201, last.text
    assert (last.json()["status"], last.json()["recovered"], last.json()["recovered_on"]) == (
        "recovered",
        "200000.00",
        "2025-09-01",
    )
    budget = await budget_2025(client, keys)
    assert (budget["total"]["recovery_due"], budget["total"]["recovered"]) == ("0.00", "200000.00")
    actions = [a.action for a in await stored.audit(sessions, award_id)]
    assert actions.count("award.recovery_recorded") == 2 and actions[-1] == "award.recovered"
    [event] = await stored.events(sessions, "awards.award.recovered")
    assert event["payload"]["award_id"] == award_id
    again = await client.post(url, json=back("1.00", "BACK-3"), headers=keys.headers("treasury"))
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")


@pytest.mark.parametrize(
    ("who", "body", "status", "code"),
    [
        ("approver", back("1.00", "X"), 403, "forbidden"),
        ("treasury", back("0.00", "X"), 422, "payment_invalid"),
        ("treasury", back("1.00", "X", on="2025-08-31"), 422, "payment_invalid"),  # before it was paid
        ("treasury", back("1.00", "X", on="2025-09-02"), 422, "date_in_future"),
        ("treasury", back("1.001", "X"), 422, "validation_failed"),
    ],
)
async def test_what_is_refused_records_nothing(sessions, handlers, client, keys, who, body, status, code):
    award_id = await flagged_award(sessions, handlers, client, keys, 1902)
    response = await client.post(f"/v1/awards/{award_id}/recoveries", json=body, headers=keys.headers(who))
    assert (response.status_code, response.json()["code"]) == (status, code)
    view = (await client.get(f"/v1/awards/{award_id}", headers=keys.headers("reader"))).json()
    assert (view["status"], view["recoveries"], view["recovered"]) == ("recovery_due", [], "0.00")
