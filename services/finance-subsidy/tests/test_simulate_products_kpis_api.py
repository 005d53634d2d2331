"""The calculator (the live path's decisions, nothing stored), A5.4's loan products matched with why, and
the year's KPIs."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.finance_subsidy.loan.models import Loan
from zjtx.finance_subsidy.subsidy.models import Subsidy

from .world import World, defaulted, disbursed, interest_paid

BIG = {"outstanding": "100000000.00", "interest": "1000000.00"}


@pytest.fixture
async def demo(client, keys, sessions, handlers, clock) -> World:
    world = World(client, keys, sessions, handlers, clock)
    await world.bank("DEMO", partner=True)
    return world


def simulation(**loan_changes) -> dict:
    loan = {
        "bank_code": "DEMO",
        "loan_id": "L-1",
        "principal": "100000000.00",
        "annual_rate": "3.80",
        "disbursed_on": "2024-03-01",
        "maturity_on": "2026-03-01",
        "purpose": "working_capital",
        "periods": [
            {
                "period_start": start,
                "period_end": end,
                "outstanding_principal": "100000000.00",
                "interest_amount": "1000000.00",
                "paid_on": end,
            }
            for start, end in (("2024-06-01", "2024-09-01"), ("2024-03-01", "2024-06-01"), ("2024-09-01", "2024-12-01"))
        ],
        **loan_changes,
    }
    return {
        "district_code": "150105",
        "recognitions": [{"tier": "national_little_giant", "recognized_on": "2023-07-01"}],
        "loans": [loan],
    }


async def simulate(world: World, body: dict):
    return await world.client.post("/v1/simulate", json=body, headers=world.headers("platform"))


async def test_the_calculator_decides_as_the_live_path_and_stores_nothing(demo: World):
    # The cap example of the rules' tests: 440,833.33, then 59,166.67 (the cap reached part-way), then 0.00.
    response = await simulate(demo, simulation())
    assert response.status_code == 200, response.text
    out = response.json()
    assert [(p["period_start"], p["status"], p["amount"]) for p in out["periods"]] == [
        ("2024-03-01", "subsidised", "440833.33"),
        ("2024-06-01", "subsidised", "59166.67"),
        ("2024-09-01", "refused", "0.00"),
    ]
    assert out["years"] == [{"year": 2024, "cap": "500000.00", "used": "500000.00", "remaining": "0.00"}]
    assert out["total"] == "500000.00"
    assert out["periods"][1]["funding"] == [
        {"funder": "city", "amount": "29583.34", "funder_name": "市本级"},
        {"funder": "150105", "amount": "29583.33", "funder_name": "赛罕区"},
    ]  # F.1: 59,166.67 / 2, the odd fen to the city
    assert (await demo.count(Loan), await demo.count(Subsidy)) == (0, 0)

    # The same facts on the live path give the same amounts.
    uscc = await demo.little_giant(1)
    await demo.send(
        disbursed("L-1", uscc, principal="100000000.00"),
        interest_paid("L-1", "2024-06-01", "2024-09-01", **BIG),
        interest_paid("L-1", "2024-03-01", "2024-06-01", **BIG),
        interest_paid("L-1", "2024-09-01", "2024-12-01", **BIG),
    )
    live = [s for s in await demo.subsidies(uscc=uscc) if s["status"] == "computed"]
    assert sorted((s["period_start"], s["amount"]) for s in live) == [
        ("2024-03-01", "440833.33"),
        ("2024-06-01", "59166.67"),
    ]
    same = [p for p in out["periods"] if p["status"] == "subsidised"]
    assert [p["explanation"]["formula"] for p in same] == [
        s["explanation"]["formula"] for s in sorted(live, key=lambda s: s["period_start"])
    ]


async def test_the_calculator_checks_the_zhubaodai_ceiling(demo: World):
    body = simulation(product="zhubaodai", annual_rate="4.55", disbursed_on="2024-03-01")
    # Disbursed 2024-03-01: LPR 3.45 + 100 bp = 4.45 < 4.55: flagged.
    [loan] = (await simulate(demo, body)).json()["loans"]
    assert (loan["flags"], loan["ceiling"]["ceiling"]) == (["rate_above_ceiling"], "4.45")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"maturity_on": "2024-01-01"}, "loan_dates_invalid"),
        (
            {
                "periods": [
                    {
                        "period_start": "2024-06-01",
                        "period_end": "2024-05-01",
                        "outstanding_principal": "1.00",
                        "interest_amount": "1.00",
                        "paid_on": "2024-06-01",
                    }
                ]
            },
            "period_invalid",
        ),
        (
            {
                "periods": [
                    {
                        "period_start": "2023-06-01",
                        "period_end": "2023-09-01",
                        "outstanding_principal": "1.00",
                        "interest_amount": "1.00",
                        "paid_on": "2023-09-01",
                    }
                ]
            },
            "period_outside_loan",
        ),
        ({"principal": "12.345"}, "validation_failed"),
        ({"purpose": "casino"}, "validation_failed"),
    ],
)
async def test_the_calculator_refuses_what_the_intake_refuses(demo: World, change, code):
    response = await simulate(demo, simulation(**change))
    assert (response.status_code, response.json()["code"]) == (422, code)


async def test_loan_products_are_matched_to_an_enterprise_with_why(demo: World):
    uscc = await demo.enterprise(2)
    await demo.recognise(uscc, date(2024, 6, 18), tier="municipal_zjtx")
    products = [
        {
            "bank_code": "DEMO",
            "code": "XYD",
            "name": "信易贷·专精特新",
            "type": "xinyidai",
            "conditions": {"tiers_any": ["municipal_zjtx", "national_little_giant"], "sme_only": True},
        },
        {
            "bank_code": "DEMO",
            "code": "YSD",
            "name": "银税贷",
            "type": "yinshuidai",
            "conditions": {"min_annual_revenue": "50000000.00"},
        },
        {
            "bank_code": "DEMO",
            "code": "ZCD",
            "name": "政采贷",
            "type": "zhengcaidai",
            "conditions": {"districts": ["150105"]},
        },
    ]
    for body in products:
        response = await demo.client.post("/v1/loan-products", json=body, headers=demo.headers("admin"))
        assert response.status_code == 201, response.text
    matching = await demo.get(f"/v1/enterprises/{uscc}/matching-products")
    # The enterprise (registered as a small industrial SME of 赛罕区 with revenue 35,000,000.00) meets 信易贷
    # and 政采贷; not 银税贷 (revenue below 50,000,000.00).
    assert [(p["code"], p["why"]) for p in matching["items"]] == [
        ("XYD", ["an SME", "holds municipal_zjtx from 2024-06-18 until 2027-06-18"]),
        ("ZCD", ["district 150105 is among 150105"]),
    ]
    everything = await demo.get(f"/v1/enterprises/{uscc}/matching-products", include_unmatched="true")
    [unmet] = [p for p in everything["items"] if not p["matches"]]
    assert unmet["why_not"] == ["annual revenue 35,000,000.00 is not ≥ 50,000,000.00"]
    # A page of one matching product at a time, by bank and code: XYD, then ZCD (YSD, unmatched, is skipped).
    first = await demo.get(f"/v1/enterprises/{uscc}/matching-products", limit=1)
    second = await demo.get(f"/v1/enterprises/{uscc}/matching-products", limit=1, cursor=first["next_cursor"])
    assert [p["code"] for p in first["items"] + second["items"]] == ["XYD", "ZCD"]


async def test_a_bad_loan_product_is_refused(demo: World):
    base = {"bank_code": "DEMO", "code": "X1", "name": "x"}
    for body, status, code in (
        ({**base, "type": "magic"}, 422, "loan_product_type_unknown"),
        ({**base, "type": "xinyidai", "conditions": {"districts": ["999999"]}}, 422, "conditions_invalid"),
        ({**base, "type": "xinyidai", "bank_code": "NOPE"}, 422, "bank_unknown"),
    ):
        response = await demo.client.post("/v1/loan-products", json=body, headers=demo.headers("admin"))
        assert (response.status_code, response.json()["code"]) == (status, code)
    own = await demo.client.post(
        "/v1/loan-products", json={**base, "type": "xinyidai"}, headers=demo.headers("bank-demo")
    )
    assert own.status_code == 201
    twice = await demo.client.post(
        "/v1/loan-products", json={**base, "type": "xinyidai"}, headers=demo.headers("admin")
    )
    assert (twice.status_code, twice.json()["code"]) == (409, "loan_product_exists")
    await demo.bank("OTHER", partner=False)
    other = {**base, "bank_code": "OTHER", "type": "xinyidai"}
    mismatch = await demo.client.post("/v1/loan-products", json=other, headers=demo.headers("bank-demo"))
    assert (mismatch.status_code, mismatch.json()["code"]) == (403, "bank_mismatch")
    no_partner = {**other, "type": "zhubaodai", "code": "Z1"}
    refused = await demo.client.post("/v1/loan-products", json=no_partner, headers=demo.headers("admin"))
    assert (refused.status_code, refused.json()["code"]) == (422, "not_zhubaodai_partner")


async def test_the_kpis_of_a_year(demo: World):
    uscc = await demo.little_giant(3)
    await demo.send(
        disbursed("L-3", uscc),
        interest_paid("L-3", "2024-04-01", "2024-06-30"),
        interest_paid("L-3", "2024-06-30", "2024-09-30"),
        disbursed(
            "Z-3",
            uscc,
            product="zhubaodai",
            disbursed_on="2024-11-01",
            maturity_on="2025-11-01",
            principal="2000000.00",
        ),
    )
    first, _ = await demo.subsidies(uscc=uscc)
    await demo.pay(first["id"])
    deposit = {"amount": "1000000.00", "funder": "city", "deposited_on": "2025-01-02"}
    await demo.client.post("/v1/risk-pool/deposits", json=deposit, headers=demo.headers("admin"))
    kpis = await demo.get("/v1/kpis", year=2024)
    # 43,125.00 (90 days) + 44,083.33 (92 days) computed; 43,125.00 paid; one enterprise reached.
    assert kpis["subsidies"] == {
        "computed": "87208.33",
        "paid": "43125.00",
        "recovery_due": "0.00",
        "awaiting_review": "44083.33",
        "enterprises_reached": 1,
        "enterprises_entitled": 1,
    }
    assert kpis["banks"] == [
        {"bank_code": "DEMO", "name": "DEMO 银行呼和浩特分行", "loans": 2, "volume": "12000000.00"}
    ]
    # 助保贷: 2,000,000.00 outstanding against a pool of 1,000,000.00: leverage 2.00.
    assert kpis["zhubaodai"] == {
        "loans": 1,
        "volume": "2000000.00",
        "outstanding": "2000000.00",
        "pool_balance": "1000000.00",
        "leverage": "2.00",
        "compensated": "0.00",
        "awaiting": "0.00",
    }
    await demo.send(defaulted("Z-3", "2000000.00", "2025-05-01"))  # 600,000.00 paid from the pool
    after = await demo.get("/v1/kpis", year=2024)
    assert (after["zhubaodai"]["outstanding"], after["zhubaodai"]["pool_balance"], after["zhubaodai"]["leverage"]) == (
        "0.00",
        "400000.00",
        "0.00",
    )
