"""Claims as RULES.md now reads them: a rejected award frees its place; only finished years are claimed;
A2.1 names the buyer's cluster and its own product, A6.1 the fair's level; SME status on the rule's
date; dates in the future and before the policy. Clock fixed at 2025-09-01; real PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.common.events import registry as ev
from zjtx.common.testing.registry_events import apply, registered

from . import stored
from .claiming import CLAIMS, award_of, claim, claim_now, enterprise, fair, rent, step, supply, upgrade

# Payments need both halves within their funders' appropriations (issue 12, item 6).
pytestmark = pytest.mark.usefixtures("appropriated")

ZJTX = ("region_zjtx", date(2023, 3, 1))


async def refused(client, keys, sessions, body, *, status: int, code: str) -> dict:
    before = await stored.counts(sessions)
    response = await client.post(CLAIMS, headers=keys.headers("platform"), json=body)
    assert (response.status_code, response.headers["content-type"]) == (status, "application/problem+json")
    assert response.json()["code"] == code, response.json()
    assert await stored.counts(sessions) == before
    return response.json()


# --- 5. a rejected award frees its place -----------------------------------------------------------


async def test_a2_1_rejected_on_review_may_be_claimed_again(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1501)
    first = await claim(client, keys, supply(uscc))
    await step(client, keys, first["award_id"], "reject", who="reviewer", body={"reason": "合同无法核实"})
    assert (await claim_now(client, keys, first["id"]))["status"] == "rejected_on_review"
    # Filed again with new evidence: 5% × (9,000,000.00 − 5,000,000.00) = 200,000.00, once-ever still.
    again = await claim(client, keys, supply(uscc, "9000000.00", contract_refs=["YL-2024-0087", "YL-2024-0120"]))
    assert (again["status"], again["reason"]) == ("accepted", None)
    assert (await award_of(client, keys, again))["amount"] == "200000.00"
    assert sorted((a.status, a.amount_fen) for a in await stored.awards(sessions, uscc=uscc)) == [
        ("computed", 20_000_000),
        ("rejected", 15_000_000),
    ]


async def test_a2_2_rejected_on_review_may_be_claimed_again(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1502, ZJTX)
    first = await claim(client, keys, upgrade(uscc, "2000000.00"))
    await step(client, keys, first["award_id"], "reject", who="reviewer", body={"reason": "验收报告缺失"})
    again = await claim(client, keys, upgrade(uscc, "1500000.00"))
    # 20% × 1,500,000.00 = 300,000.00.
    assert (await award_of(client, keys, again))["amount"] == "300000.00"


# --- 6. finished years only ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        lambda u: supply(u, year=2025),
        lambda u: rent(u, 2025),
        lambda u: fair(u, "进博会", held_on="2025-04-20"),
        lambda u: supply(u, year=2026),
    ],
    ids=["A2.1 this year", "A3.rent this year", "A6.1 this year", "A2.1 next year"],
)
async def test_a_claim_about_a_year_that_has_not_ended(client, keys, sessions, handlers, body):
    uscc = await enterprise(sessions, handlers, 1503, ("region_little_giant", date(2023, 3, 1)))
    problem = await refused(client, keys, sessions, body(uscc), status=422, code="year_not_ended")
    assert "has not ended" in problem["detail"]


# --- 8. the conditions the rules check --------------------------------------------------------------


async def test_a2_1_without_the_new_evidence_names_the_missing_fields(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1504)
    body = supply(uscc)
    del body["buyer_cluster"], body["own_product"]
    problem = await refused(client, keys, sessions, body, status=422, code="validation_failed")
    assert sorted(e["field"] for e in problem["errors"]) == ["A2.1.buyer_cluster", "A2.1.own_product"]


async def test_a6_1_without_the_fair_level_names_it(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1505)
    body = fair(uscc, "进博会")
    del body["fair_level"]
    problem = await refused(client, keys, sessions, body, status=422, code="validation_failed")
    assert [e["field"] for e in problem["errors"]] == ["A6.1.fair_level"]


async def test_a2_1_buyer_cluster_must_be_one_of_the_six(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1506)
    problem = await refused(
        client, keys, sessions, supply(uscc, buyer_cluster="tourism"), status=422, code="cluster_unknown"
    )
    assert "agri_food" in problem["detail"]


async def test_a2_1_not_its_own_product_is_rejected(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1507)
    rejected = await claim(client, keys, supply(uscc, own_product=False))
    assert (rejected["status"], rejected["reason"]) == (
        "rejected",
        "A2.1 supports an enterprise's own products or technology (自主研发)",
    )


@pytest.mark.parametrize("level", ["regional", "local"])
async def test_a6_1_a_regional_or_local_fair_is_rejected(client, keys, sessions, handlers, level):
    uscc = await enterprise(sessions, handlers, 1508)
    rejected = await claim(client, keys, fair(uscc, "呼和浩特农博会", level=level))
    assert (rejected["status"], rejected["reason"]) == (
        "rejected",
        f"A6.1 covers national and international fairs, not a {level} one",
    )


@pytest.mark.parametrize("level", ["national", "international"])
async def test_a6_1_national_and_international_fairs_are_covered(client, keys, sessions, handlers, level):
    uscc = await enterprise(sessions, handlers, 1509)
    accepted = await claim(client, keys, fair(uscc, "进博会", "12000.00", level=level))
    assert (await award_of(client, keys, accepted))["amount"] == "12000.00"  # 100% × 12,000.00


async def test_a2_2_needs_an_sme_on_the_completion_date(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1510, ZJTX)
    # Large from 2025-01-01: on the completion date 2025-05-31 it is no SME.
    await apply(
        sessions,
        handlers,
        registered(uscc, contract=ev.ENTERPRISE_UPDATED_V2, size_class="large", effective_on=date(2025, 1, 1)),
    )
    rejected = await claim(client, keys, upgrade(uscc, "2000000.00"))
    assert (rejected["status"], rejected["reason"]) == ("rejected", "not an SME on 2025-05-31 (large)")
    # A project completed while it was still small: 20% × 2,000,000.00 = 400,000.00.
    accepted = await claim(
        client, keys, upgrade(uscc, "2000000.00", project_name="冷库改造", completed_on="2024-11-30")
    )
    assert (await award_of(client, keys, accepted))["amount"] == "400000.00"


async def test_a2_1_needs_an_sme_on_the_last_day_of_the_year(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1511)
    await apply(
        sessions,
        handlers,
        registered(uscc, contract=ev.ENTERPRISE_UPDATED_V2, size_class="large", effective_on=date(2024, 12, 1)),
    )
    rejected = await claim(client, keys, supply(uscc))
    assert (rejected["status"], rejected["reason"]) == ("rejected", "not an SME on 2024-12-31 (large)")


# --- 10 and 12. before the policy; dates in the future ---------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        lambda u: supply(u, year=2021),
        lambda u: upgrade(u, "2000000.00", completed_on="2021-12-31"),
        lambda u: rent(u, 2021),
        lambda u: fair(u, "进博会", held_on="2021-11-05"),
    ],
    ids=["A2.1", "A2.2", "A3.rent", "A6.1"],
)
async def test_a_claim_dated_before_the_policy_is_refused_with_before_policy(client, keys, sessions, handlers, body):
    uscc = await enterprise(sessions, handlers, 1512, ("region_little_giant", date(2020, 3, 1)))
    rejected = await claim(client, keys, body(uscc))
    assert (rejected["status"], rejected["reason_code"]) == ("rejected", "before_policy")
    assert "before the policy applies (2022-01-01)" in rejected["reason"]


@pytest.mark.parametrize(
    "body",
    [
        lambda u: upgrade(u, completed_on="2025-09-02"),
        lambda u: upgrade(u, completed_on="2099-01-01"),
    ],
)
async def test_a_claim_dated_in_the_future_is_refused(client, keys, sessions, handlers, body):
    uscc = await enterprise(sessions, handlers, 1513, ZJTX)
    await refused(client, keys, sessions, body(uscc), status=422, code="date_in_future")


async def test_a_payment_dated_in_the_future_is_refused(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1514, ZJTX)
    accepted = await claim(client, keys, upgrade(uscc))
    await step(client, keys, accepted["award_id"], "review", who="reviewer")
    await step(client, keys, accepted["award_id"], "approve", who="approver")
    response = await client.post(
        f"/v1/awards/{accepted['award_id']}/disburse",
        headers=keys.headers("treasury"),
        json={"payment_reference": "PAY-X", "paid_on": "2025-09-02"},
    )
    assert (response.status_code, response.json()["code"]) == (422, "date_in_future")
