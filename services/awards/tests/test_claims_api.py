"""POST /v1/claims through the ASGI app against real PostgreSQL (rolled back per test), clock fixed at
2025-09-01 Asia/Shanghai (so 2024 is the last finished year): each claimable rule accepted into an award,
or stored as rejected with its reason; repeats award nothing more; bad input is a problem+json and
changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.common.testing.registry_events import apply, make_uscc, recognition

from . import stored
from .claiming import CLAIMS, award_of, claim, enterprise, fair, rent, supply, upgrade

# --- accepted and rejected, per rule -------------------------------------------------------------


async def test_a2_1_accepted(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 201)
    accepted = await claim(client, keys, supply(uscc))
    assert (accepted["status"], accepted["status_name"], accepted["reason"]) == ("accepted", "已受理", None)
    award = await award_of(client, keys, accepted)
    # 5% × (8,000,000.00 − 5,000,000.00) = 150,000.00; F.1: 75,000.00 + 75,000.00.
    assert (award["rule"], award["amount"], award["status"]) == ("A2.1", "150000.00", "computed")
    assert award["funding"] == [
        {"funder": "city", "amount": "75000.00", "funder_name": "市本级"},
        {"funder": "150105", "amount": "75000.00", "funder_name": "赛罕区"},
    ]
    assert award["claim_id"] == accepted["id"]
    assert award["reference_date"] == "2024-12-31"
    # The stored claim shows its evidence as it was sent: yuan strings, not fen.
    got = (await client.get(f"{CLAIMS}/{accepted['id']}", headers=keys.headers("reader"))).json()
    assert got["evidence"]["supply_amount"] == "8000000.00"
    assert got["evidence"]["previous_year_supply_amount"] == "5000000.00"
    assert got["evidence"]["contract_refs"] == ["YL-2024-0087"]


async def test_a2_1_without_new_supply_is_stored_as_rejected(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 202)
    rejected = await claim(client, keys, supply(uscc, "4000000.00", "5000000.00"))
    # max(0, 4,000,000.00 − 5,000,000.00) = 0: nothing to pay 5% of.
    assert (rejected["status"], rejected["status_name"], rejected["award_id"]) == ("rejected", "未通过", None)
    assert rejected["reason"] == "no new supply amount over the year before"
    assert rejected["explanation"]["rule"] == "A2.1"
    assert await stored.awards(sessions, uscc=uscc) == []
    got = await client.get(f"{CLAIMS}/{rejected['id']}", headers=keys.headers("reader"))
    assert (got.status_code, got.json()["status"]) == (200, "rejected")


async def test_a2_1_large_enterprise_is_rejected(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 203, size_class="large")
    rejected = await claim(client, keys, supply(uscc))
    assert (rejected["reason"], rejected["reason_code"]) == ("not an SME on 2024-12-31 (large)", "not_sme")


async def test_a2_2_accepted_at_the_threshold(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 204, ("region_zjtx", date(2023, 3, 1)))
    accepted = await claim(client, keys, upgrade(uscc, "1000000.00"))
    # 20% × 1,000,000.00 = 200,000.00.
    assert (await award_of(client, keys, accepted))["amount"] == "200000.00"


@pytest.mark.parametrize(
    ("recognitions", "investment", "reason"),
    [
        ((("region_zjtx", date(2023, 3, 1)),), "999999.99", "investment 999,999.99 is below 1,000,000.00"),
        ((), "3000000.00", "no valid 专精特新 recognition (any level) on 2025-05-31"),
    ],
)
async def test_a2_2_rejected(client, keys, sessions, handlers, recognitions, investment, reason):
    uscc = await enterprise(sessions, handlers, 205, *recognitions)
    rejected = await claim(client, keys, upgrade(uscc, investment))
    assert (rejected["status"], rejected["reason"], rejected["award_id"]) == ("rejected", reason, None)
    assert await stored.awards(sessions, rule="A2.2") == []


async def test_a3_rent_three_years_then_no_more(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 206, ("region_little_giant", date(2021, 6, 1)))
    # 30% × 1,000,000.00 = 300,000.00; 30% × 2,000,000.00 = 600,000.00;
    # 30% × 4,000,000.00 = 1,200,000.00 → capped 1,000,000.00. (A fourth year, 2025, has not ended yet:
    # test_order_of_arrival claims it once it has.)
    amounts = []
    for year, paid in ((2022, "1000000.00"), (2023, "2000000.00"), (2024, "4000000.00")):
        amounts.append((await award_of(client, keys, await claim(client, keys, rent(uscc, year, paid))))["amount"])
    assert amounts == ["300000.00", "600000.00", "1000000.00"]
    assert len(await stored.awards(sessions, uscc=uscc, rule="A3.rent")) == 3


async def test_a3_rent_gap_ends_the_run(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 207, ("national_little_giant", date(2021, 6, 1)))
    assert (await claim(client, keys, rent(uscc, 2022, "1000000.00")))["status"] == "accepted"
    gap = await claim(client, keys, rent(uscc, 2024, "1000000.00"))
    assert (gap["status"], gap["reason"]) == ("rejected", "no subsidy claimed for 2023: the consecutive run ended")


async def test_a3_rent_without_the_tier_is_rejected(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 208, ("municipal_zjtx", date(2022, 6, 1)))
    rejected = await claim(client, keys, rent(uscc, 2023, "1000000.00"))
    assert rejected["reason"] == "no valid national/regional little-giant or single-champion recognition in 2023"


async def test_a6_1_the_yearly_cap_is_shared(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 209)
    first = await claim(client, keys, fair(uscc, "进博会"))
    second = await claim(client, keys, fair(uscc, "广交会", held_on="2024-06-10"))
    third = await claim(client, keys, fair(uscc, "高交会", held_on="2024-07-01"))
    # 30,000.00; then min(30,000.00, 50,000.00 − 30,000.00) = 20,000.00; then 0.00 left → rejected.
    assert (await award_of(client, keys, first))["amount"] == "30000.00"
    assert (await award_of(client, keys, second))["amount"] == "20000.00"
    assert (third["status"], third["reason"]) == ("rejected", "the yearly cap of 50,000.00 for 2024 is used up")


async def test_a6_1_outside_the_clusters_is_rejected(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 210, cluster=None)
    rejected = await claim(client, keys, fair(uscc, "进博会"))
    assert (rejected["status"], rejected["reason"]) == ("rejected", "A6.1 is for enterprises of the six clusters")


async def test_a_claim_dated_before_the_policy_is_rejected_with_the_reason(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 211)
    rejected = await claim(client, keys, supply(uscc, year=2021))
    assert (rejected["status"], rejected["reason_code"]) == ("rejected", "before_policy")
    assert rejected["reason"] == "2021-12-31 is before the policy applies (2022-01-01)"


# --- repeats -----------------------------------------------------------------------------------


async def test_the_same_facts_twice_award_once(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 212, ("region_zjtx", date(2023, 3, 1)))
    first = await claim(client, keys, upgrade(uscc, "2500000.00"))
    # The same project, its name spaced and cased differently: the same facts.
    again = await claim(client, keys, upgrade(uscc, "2500000.00", project_name=" 乳品生产线智能化改造 "))
    assert first["status"] == "accepted"
    assert again["status"] == "rejected"
    assert again["reason"] == f"already awarded for the same facts (A2.2): claim:{first['id']}"
    [award] = await stored.awards(sessions, uscc=uscc)
    assert award.amount_fen == 50_000_000  # 20% × 2,500,000.00 = 500,000.00, once


async def test_a_repeated_idempotency_key_replays_the_first_answer(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 213)
    headers = keys.headers("platform") | {"Idempotency-Key": "claim-213"}
    first = await client.post(CLAIMS, headers=headers, json=supply(uscc))
    before = await stored.counts(sessions)
    again = await client.post(CLAIMS, headers=headers, json=supply(uscc))
    assert (again.status_code, again.headers["idempotent-replayed"]) == (201, "true")
    assert again.json() == first.json()
    assert await stored.counts(sessions) == before


async def test_a2_1_is_once_per_enterprise_ever(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 214)
    await claim(client, keys, supply(uscc, year=2023))
    later = await claim(client, keys, supply(uscc, "20000000.00", "8000000.00", year=2024))
    assert later["status"] == "rejected"
    assert later["reason"].startswith("already awarded for the same facts (A2.1)")
    assert len(await stored.awards(sessions, uscc=uscc)) == 1


# --- bad input: a problem+json, and nothing changed ------------------------------------------------


async def refused(client, keys, sessions, body, *, status: int, code: str, who: str = "platform", **headers) -> dict:
    before = await stored.counts(sessions)
    response = await client.post(CLAIMS, headers=(keys.headers(who) if who else {}) | headers, json=body)
    assert (response.status_code, response.headers["content-type"]) == (status, "application/problem+json")
    problem = response.json()
    assert problem["code"] == code, problem
    assert await stored.counts(sessions) == before
    return problem


async def test_unknown_enterprise(client, keys, sessions):
    problem = await refused(client, keys, sessions, upgrade(make_uscc(299)), status=404, code="enterprise_not_found")
    assert make_uscc(299) in problem["detail"]


async def test_an_enterprise_known_only_from_a_stub_is_unknown(client, keys, sessions, handlers):
    # A recognition ran ahead of the registration: the read model holds a nameless stub, not an enterprise.
    uscc = make_uscc(298)
    await apply(sessions, handlers, recognition(uscc, "municipal_zjtx", date(2024, 6, 18)))
    await refused(client, keys, sessions, upgrade(uscc), status=404, code="enterprise_not_found")


# A code of the right shape with a wrong check character is `uscc_invalid`; one of the wrong shape (17
# characters, an I, lower case) is refused by the schema's pattern, as the OpenAPI document says.
@pytest.mark.parametrize(
    ("uscc", "code"),
    [
        ("91150105MA0Q4LJX2D", "uscc_invalid"),
        ("91150105MA0Q4LJX2", "validation_failed"),
        ("91150105MA0Q4LJXIC", "validation_failed"),
        ("91150105ma0q4ljx27", "validation_failed"),
        ("x", "validation_failed"),
    ],
)
async def test_invalid_credit_code(client, keys, sessions, uscc, code):
    await refused(client, keys, sessions, upgrade(uscc), status=422, code=code)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("investment_amount", "-1000000.00"),
        ("investment_amount", "一百万"),
        ("investment_amount", "1000000.001"),
        ("investment_amount", 1000000.001),
        ("investment_amount", "NaN"),
        ("investment_amount", "1e30"),  # beyond any real amount (and beyond Decimal's 28 digits of fen)
        ("investment_amount", None),
        ("investment_amount", True),
        ("completed_on", "2025-02-30"),
    ],
)
async def test_bad_amounts_name_the_field(client, keys, sessions, handlers, field, value):
    uscc = await enterprise(sessions, handlers, 297, ("region_zjtx", date(2023, 3, 1)))
    problem = await refused(
        client, keys, sessions, upgrade(uscc, **{field: value}), status=422, code="validation_failed"
    )
    assert [e["field"] for e in problem["errors"]] == [f"A2.2.{field}"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (lambda u: supply(u, previous="-0.01"), "A2.1.previous_year_supply_amount"),
        (lambda u: supply(u, contract_refs=[]), "A2.1.contract_refs"),
        (lambda u: rent(u, 2023, "1000000.00", use="office"), "A3.rent.premises_use"),
        (lambda u: rent(u, 2023, "abc"), "A3.rent.rent_paid"),
        (lambda u: fair(u, "进博会", fee="30000.005"), "A6.1.booth_fee"),
        (lambda u: supply(u) | {"bonus": "1.00"}, "A2.1.bonus"),
    ],
)
async def test_bad_evidence_names_the_field(client, keys, sessions, handlers, body, field):
    uscc = await enterprise(sessions, handlers, 296)
    problem = await refused(client, keys, sessions, body(uscc), status=422, code="validation_failed")
    assert [e["field"] for e in problem["errors"]] == [field]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (lambda u: supply(u, year=2026), "year_not_ended"),
        (lambda u: rent(u, 2026, "1000000.00"), "year_not_ended"),
        (lambda u: upgrade(u, completed_on="2025-09-02"), "date_in_future"),
        (lambda u: fair(u, "进博会", held_on="2025-12-01"), "date_in_future"),
    ],
)
async def test_a_date_in_the_future(client, keys, sessions, handlers, body, code):
    # Today is 2025-09-01: a claim is made for what has happened, about a year that has ended.
    uscc = await enterprise(sessions, handlers, 295, ("region_little_giant", date(2023, 3, 1)))
    await refused(client, keys, sessions, body(uscc), status=422, code=code)


@pytest.mark.parametrize("rule", ["A1.1", "A9.9", None])
async def test_an_unknown_or_unclaimable_rule(client, keys, sessions, rule):
    # A1.1 is awarded without application: it is not a claim.
    await refused(client, keys, sessions, upgrade(make_uscc(294), rule=rule), status=422, code="validation_failed")


@pytest.mark.parametrize(("who", "status", "code"), [(None, 401, "unauthenticated"), ("reader", 403, "forbidden")])
async def test_a_claim_needs_awards_write(client, keys, sessions, handlers, who, status, code):
    uscc = await enterprise(sessions, handlers, 293, ("region_zjtx", date(2023, 3, 1)))
    await refused(client, keys, sessions, upgrade(uscc), status=status, code=code, who=who)


async def test_unknown_claim(client, keys):
    response = await client.get(f"{CLAIMS}/00000000-0000-0000-0000-000000000000", headers=keys.headers("reader"))
    assert (response.status_code, response.json()["code"]) == (404, "claim_not_found")
