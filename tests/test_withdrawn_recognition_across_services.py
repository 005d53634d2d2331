"""A recognition recorded in error, withdrawn (a correction, issue 12 item 2), through the APIs over the real
broker: the unpaid award it brought is revoked with the reason; a paid one is flagged for recovery of the
whole amount, and the finance bureau records the money back."""

from __future__ import annotations

import pytest

from .harness import Platform

pytestmark = [pytest.mark.broker]

REASON = "录入时误将他企证书记入本企业"


async def withdraw(platform: Platform, uscc: str, recognition_id: str) -> dict:
    response = await platform.registry.post(
        f"/v1/enterprises/{uscc}/recognitions/{recognition_id}/withdraw",
        json={"reason": REASON},
        headers=platform._as("platform"),
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_withdrawing_takes_back_an_unpaid_award_and_flags_a_paid_one(platform: Platform):
    unpaid_uscc, paid_uscc = await platform.register(21), await platform.register(22)
    unpaid_recognition = await platform.grant(unpaid_uscc)
    paid_recognition = await platform.grant(paid_uscc)
    unpaid, paid = await platform.the_award(unpaid_uscc), await platform.the_award(paid_uscc)
    await platform.pay(paid["id"])  # A1.1 200,000.00, paid 2025-09-01

    withdrawn = await withdraw(platform, unpaid_uscc, unpaid_recognition)
    assert (withdrawn["status"], withdrawn["withdrawn_reason"]) == ("withdrawn", REASON)
    await withdraw(platform, paid_uscc, paid_recognition)
    await platform.settle()

    cancelled = await platform.award(unpaid["id"])
    assert cancelled["status"] == "revoked"
    assert "withdrawn as recorded in error" in cancelled["closed_reason"] and REASON in cancelled["closed_reason"]
    flagged = await platform.award(paid["id"])
    # Paid 200,000.00 on a recognition that never held: all of it is due back.
    assert (flagged["status"], flagged["recovery_due"]) == ("recovery_due", "200000.00")
    assert REASON in flagged["recovery_reason"]
    assert [r["status"] for r in flagged["enterprise_check"]["recognitions"]] == ["withdrawn"]

    back = await platform.awards.post(
        f"/v1/awards/{paid['id']}/recovery",
        json={"recovery_reference": "BACK-2025-0001", "recovered_on": "2025-09-01"},
        headers=platform._as("treasury"),
    )
    assert back.status_code == 200, back.text
    assert (back.json()["status"], back.json()["recovered_on"]) == ("recovered", "2025-09-01")

    again = await platform.registry.post(
        f"/v1/enterprises/{paid_uscc}/recognitions/{paid_recognition}/withdraw",
        json={"reason": REASON},
        headers=platform._as("platform"),
    )
    assert (again.status_code, again.json()["code"]) == (409, "recognition_withdrawn")
