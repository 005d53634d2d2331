"""信用核查 (issue 12, item 4) through the APIs, over the real broker: the registry records an enterprise
on the serious-dishonesty list (黑名单); the awards service refuses an award dated while it is on it
(`credit_black_list`), revokes one a late listing bars, computes it again when the listing turns out to
have ended before the award's date, and shows the reviewer the credit status and recognitions."""

from __future__ import annotations

import pytest

from .harness import Platform

pytestmark = [pytest.mark.broker]

LISTING = {"list": "black", "authority": "市市场监督管理局", "reason": "提供虚假材料骗取财政资金"}


async def put_on_black_list(platform: Platform, uscc: str, listed_on: str) -> dict:
    response = await platform.registry.post(
        f"/v1/enterprises/{uscc}/credit-lists",
        json=LISTING | {"listed_on": listed_on},
        headers=platform._as("platform"),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_claim_dated_while_on_the_black_list_is_rejected_and_an_earlier_award_stands(platform: Platform):
    uscc = await platform.register(11)
    await platform.grant(uscc, recognized_on="2024-06-18")  # A1.1 on 2024-06-18: before the listing
    entry = await put_on_black_list(platform, uscc, "2025-01-10")
    assert (entry["list"], entry["listed_on"], entry["removed_on"], entry["on_list_today"]) == (
        "black",
        "2025-01-10",
        None,
        True,
    )
    await platform.settle()
    award = await platform.the_award(uscc)
    assert (award["rule"], award["amount"], award["status"]) == ("A1.1", "200000.00", "computed")

    # A2.2 completed 2025-05-31, 1,000,000.00 invested: 20% = 200,000.00 were it not for the black list
    # (listed 2025-01-10, never taken off): rejected, no award.
    claim = {
        "rule": "A2.2",
        "uscc": uscc,
        "project_name": "乳品生产线智能化改造",
        "investment_amount": "1000000.00",
        "completed_on": "2025-05-31",
    }
    filed = await platform.awards.post("/v1/claims", json=claim, headers=platform._as("platform"))
    assert filed.status_code == 201, filed.text
    body = filed.json()
    assert (body["status"], body["reason_code"], body["award_id"]) == ("rejected", "credit_black_list", None)
    assert "黑名单" in body["reason"] and "2025-01-10" in body["reason"]
    assert [a["rule"] for a in await platform.awards_of(uscc)] == ["A1.1"]


async def test_a_late_listing_revokes_the_award_and_its_removal_brings_it_back(platform: Platform):
    uscc = await platform.register(12)
    await platform.grant(uscc, recognized_on="2024-06-18")
    first = await platform.the_award(uscc)
    assert (first["amount"], first["status"]) == ("200000.00", "computed")

    # Recorded late: on the black list since 2024-01-10, so on the recognition's date (2024-06-18).
    entry = await put_on_black_list(platform, uscc, "2024-01-10")
    await platform.settle()
    revoked = await platform.award(first["id"])
    assert revoked["status"] == "revoked"
    assert "黑名单" in revoked["closed_reason"] and "2024-01-10" in revoked["closed_reason"]

    # The reviewer sees why in the award view: the credit status today and the recognitions.
    seen = await platform.awards.get(f"/v1/awards/{first['id']}", headers=platform._as("reviewer"))
    assert seen.status_code == 200, seen.text
    assert (seen.json()["amount"], seen.json()["rule"]) == ("200000.00", "A1.1")
    check = seen.json()["enterprise_check"]
    assert (check["credit_status"], check["black_listed_on_reference_date"]) == ("black_list", True)
    assert [(e["list"], e["listed_on"], e["removed_on"]) for e in check["credit_lists"]] == [
        ("black", "2024-01-10", None)
    ]
    assert [(r["tier"], r["recognized_on"], r["status"]) for r in check["recognitions"]] == [
        ("municipal_zjtx", "2024-06-18", "valid")
    ]

    # 信用修复: taken off on 2024-05-01, before the recognition: the award holds again, computed anew.
    removed = await platform.registry.post(
        f"/v1/enterprises/{uscc}/credit-lists/{entry['id']}/removal",
        json={"removed_on": "2024-05-01", "reason": "信用修复完成"},
        headers=platform._as("platform"),
    )
    assert removed.status_code == 200, removed.text
    assert (removed.json()["removed_on"], removed.json()["on_list_today"]) == ("2024-05-01", False)
    await platform.settle()
    again = await platform.the_award(uscc, status="computed")
    assert again["id"] != first["id"]
    assert (again["rule"], again["amount"]) == ("A1.1", "200000.00")
    view = (await platform.awards.get(f"/v1/awards/{again['id']}", headers=platform._as("reviewer"))).json()
    assert (view["enterprise_check"]["credit_status"], view["enterprise_check"]["black_listed_on_reference_date"]) == (
        "clear",
        False,
    )
