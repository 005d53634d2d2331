"""A5.2 and A5.3 on the live path, worked by hand: the 助保贷 ceiling flag (exactly at it, one hundredth
above), a default and a later recovery, a compensation waiting for funds and paid when a deposit arrives
(first in, first out), a recovery reported before its default, the balance never below zero."""

from __future__ import annotations

import pytest

from .world import World, defaulted, disbursed, recovered

# Disbursed 2024-11-01: 1-year LPR 3.10 (published 2024-10-21); ceiling 3.10 + 100 bp = 4.10.
ZHUBAODAI = {
    "product": "zhubaodai",
    "disbursed_on": "2024-11-01",
    "maturity_on": "2025-11-01",
    "principal": "5000000.00",
}


@pytest.fixture
async def demo(client, keys, sessions, handlers, clock) -> World:
    world = World(client, keys, sessions, handlers, clock)
    await world.bank("DEMO", partner=True)
    return world


async def deposit(world: World, amount: str, *, funder: str = "city", on: str = "2025-01-02") -> None:
    body = {"amount": amount, "funder": funder, "deposited_on": on}
    response = await world.client.post("/v1/risk-pool/deposits", json=body, headers=world.headers("admin"))
    assert response.status_code == 201, response.text


async def pool(world: World) -> dict[str, str]:
    return await world.get("/v1/risk-pool")


async def test_a_zhubaodai_loan_exactly_at_the_ceiling_is_covered_and_one_hundredth_above_is_flagged(demo: World):
    uscc = await demo.enterprise(1)
    await demo.send(
        disbursed("Z-AT", uscc, annual_rate="4.10", **ZHUBAODAI),
        disbursed("Z-ABOVE", uscc, annual_rate="4.11", **ZHUBAODAI),
    )
    at = await demo.get("/v1/loans/DEMO/Z-AT")
    above = await demo.get("/v1/loans/DEMO/Z-ABOVE")
    assert (at["flags"], at["ceiling"]["status"]) == ([], "within_ceiling")
    assert above["flags"] == ["rate_above_ceiling"]
    assert {k: above["ceiling"][k] for k in ("status", "ceiling", "lpr", "lpr_published_on")} == {
        "status": "rate_above_ceiling",
        "ceiling": "4.10",
        "lpr": "3.10",
        "lpr_published_on": "2024-10-21",
    }
    [flagged] = await demo.events("finance.loan.rate_violation_flagged")
    assert flagged["key"] == "DEMO/Z-ABOVE"
    assert {k: flagged["payload"][k] for k in ("annual_rate", "ceiling", "lpr", "lpr_published_on")} == {
        "annual_rate": "4.11",
        "ceiling": "4.10",
        "lpr": "3.10",
        "lpr_published_on": "2024-10-21",
    }
    flagged_loans = await demo.get("/v1/loans", flag="rate_above_ceiling")
    assert [loan["loan_id"] for loan in flagged_loans["items"]] == ["Z-ABOVE"]


async def test_a_default_is_compensated_30_percent_and_a_later_recovery_returns_30_percent(demo: World):
    uscc = await demo.enterprise(2)
    await deposit(demo, "2000000.00")
    # Default with 4,000,000.00 outstanding: 30% = 1,200,000.00, paid at once (balance 2,000,000.00):
    # balance 2,000,000.00 − 1,200,000.00 = 800,000.00.
    await demo.send(
        disbursed("Z-2", uscc, annual_rate="3.80", **ZHUBAODAI), defaulted("Z-2", "4000000.00", "2025-06-01")
    )
    [compensation] = (await demo.get("/v1/compensations"))["items"]
    assert (compensation["amount"], compensation["status"], compensation["paid_on"]) == (
        "1200000.00",
        "paid",
        "2025-09-01",
    )
    assert await pool(demo) == {
        "balance": "800000.00",
        "deposited": "2000000.00",
        "compensated": "1200000.00",
        "returned": "0.00",
        "awaiting": "0.00",
    }
    # The bank recovers 1,000,000.00: 30% = 300,000.00 back; balance 800,000.00 + 300,000.00 = 1,100,000.00.
    await demo.send(recovered("Z-2", "1000000.00", "2025-08-01"))
    assert (await pool(demo))["balance"] == "1100000.00"
    assert (await pool(demo))["returned"] == "300000.00"
    [paid] = await demo.events("finance.compensation.paid")
    assert (paid["key"], paid["payload"]["amount"], paid["payload"]["status"]) == ("DEMO/Z-2", "1200000.00", "paid")
    [back] = await demo.events("finance.recovery.returned")
    assert (back["payload"]["recovered"], back["payload"]["returned"]) == ("1000000.00", "300000.00")
    loan = await demo.get("/v1/loans/DEMO/Z-2")
    assert [(r["amount"], r["share"], r["settlement"]) for r in loan["recoveries"]] == [
        ("1000000.00", "300000.00", "returned")
    ]


async def test_a_compensation_waits_for_funds_and_is_paid_first_in_first_out_when_deposits_arrive(demo: World):
    uscc = await demo.enterprise(3)
    await deposit(demo, "1000000.00")
    # Z-3 defaults with 4,000,000.00 outstanding: 1,200,000.00 > the balance of 1,000,000.00: it waits, and
    # the balance stays 1,000,000.00 (never below zero).
    await demo.send(
        disbursed("Z-3", uscc, annual_rate="3.80", **ZHUBAODAI), defaulted("Z-3", "4000000.00", "2025-06-01")
    )
    # Z-4 defaults with 1,000,000.00 outstanding: 300,000.00 would fit the balance, but Z-3 waits before it.
    await demo.send(
        disbursed("Z-4", uscc, annual_rate="3.80", **ZHUBAODAI), defaulted("Z-4", "1000000.00", "2025-06-02")
    )
    assert [(c["loan_id"], c["status"]) for c in (await demo.get("/v1/compensations"))["items"]] == [
        ("Z-3", "awaiting_funds"),
        ("Z-4", "awaiting_funds"),
    ]
    assert await pool(demo) == {
        "balance": "1000000.00",
        "deposited": "1000000.00",
        "compensated": "0.00",
        "returned": "0.00",
        "awaiting": "1500000.00",
    }
    # A deposit of 500,000.00: balance 1,500,000.00 pays Z-3 (1,200,000.00), then Z-4 (300,000.00): 0.00 left.
    await deposit(demo, "500000.00", funder="150105")
    assert [(c["loan_id"], c["status"]) for c in (await demo.get("/v1/compensations"))["items"]] == [
        ("Z-3", "paid"),
        ("Z-4", "paid"),
    ]
    assert (await pool(demo))["balance"] == "0.00"
    verbs = [e["event_type"] for e in await demo.events() if e["event_type"].startswith("finance.compensation")]
    assert verbs == [
        "finance.compensation.awaiting_funds",
        "finance.compensation.awaiting_funds",
        "finance.compensation.paid",
        "finance.compensation.paid",
    ]
    waiting = await demo.get("/v1/compensations", status="awaiting_funds")
    assert waiting["items"] == []


async def test_a_recovery_while_the_compensation_waits_lowers_it(demo: World):
    uscc = await demo.enterprise(4)
    # Nothing deposited. Default 4,000,000.00 → 1,200,000.00 waits; a recovery of 1,000,000.00 takes its 30%
    # = 300,000.00 off: 900,000.00 waits. A deposit of 900,000.00 pays it: balance 0.00.
    await demo.send(
        disbursed("Z-5", uscc, annual_rate="3.80", **ZHUBAODAI),
        defaulted("Z-5", "4000000.00", "2025-06-01"),
        recovered("Z-5", "1000000.00", "2025-07-01"),
    )
    [waiting] = (await demo.get("/v1/compensations"))["items"]
    assert (waiting["computed"], waiting["amount"], waiting["status"]) == ("1200000.00", "900000.00", "awaiting_funds")
    await deposit(demo, "900000.00")
    assert (await pool(demo))["balance"] == "0.00"
    assert (await demo.get("/v1/compensations"))["items"][0]["status"] == "paid"


async def test_a_recovery_reported_before_its_default_is_settled_as_if_it_came_after(demo: World):
    uscc = await demo.enterprise(5)
    await deposit(demo, "2000000.00")
    # The recovery arrives first, then the default: the same end as in order (1,200,000.00 paid, then
    # 300,000.00 returned): balance 2,000,000.00 − 1,200,000.00 + 300,000.00 = 1,100,000.00.
    await demo.send(
        disbursed("Z-6", uscc, annual_rate="3.80", **ZHUBAODAI),
        recovered("Z-6", "1000000.00", "2025-07-01"),
    )
    assert (await demo.get("/v1/loans/DEMO/Z-6"))["recoveries"][0]["settlement"] == "pending"
    await demo.send(defaulted("Z-6", "4000000.00", "2025-06-01"))
    figures = await pool(demo)
    assert (figures["balance"], figures["compensated"], figures["returned"]) == (
        "1100000.00",
        "1200000.00",
        "300000.00",
    )


async def test_a_loan_above_the_ceiling_or_not_zhubaodai_gets_no_cover(demo: World):
    uscc = await demo.enterprise(6)
    await deposit(demo, "5000000.00")
    await demo.send(
        disbursed("Z-7", uscc, annual_rate="4.11", **ZHUBAODAI),
        defaulted("Z-7", "4000000.00", "2025-06-01"),
        disbursed("S-7", uscc),
        defaulted("S-7", "4000000.00", "2025-06-01"),
    )
    assert (await demo.get("/v1/compensations"))["items"] == []
    assert (await pool(demo))["balance"] == "5000000.00"


async def test_a_deposit_must_name_a_known_funder_and_a_positive_amount(demo: World):
    for body, code in (
        ({"amount": "100.00", "funder": "somebody", "deposited_on": "2025-01-02"}, "funder_unknown"),
        ({"amount": "0.00", "funder": "city", "deposited_on": "2025-01-02"}, "amount_invalid"),
        ({"amount": "-1.00", "funder": "city", "deposited_on": "2025-01-02"}, "validation_failed"),
        ({"amount": "100.00", "funder": "city", "deposited_on": "2025-09-02"}, "date_in_future"),
    ):
        response = await demo.client.post("/v1/risk-pool/deposits", json=body, headers=demo.headers("admin"))
        assert (response.status_code, response.json()["code"]) == (422, code)
    await deposit(demo, "100.00", funder="DEMO")  # a registered bank may fund the pool
    assert (await pool(demo))["deposited"] == "100.00"
    forbidden = await demo.client.post(
        "/v1/risk-pool/deposits",
        json={"amount": "1.00", "funder": "city", "deposited_on": "2025-01-02"},
        headers=demo.headers("platform"),
    )
    assert forbidden.status_code == 403
