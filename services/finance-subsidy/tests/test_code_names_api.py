"""Every code an officer reads on a loan or a simulation has its Chinese name beside it, as a loan's status
has (`status_name`): an interest period's decision and refusal code, its subsidies' workflow status, a
loan's flags and its A5.2 check's status, a simulated period's status and code. The codes stay in their
own fields."""

from __future__ import annotations

from datetime import date

import pytest

from .test_simulate_products_kpis_api import simulation
from .world import World, disbursed, interest_paid


@pytest.fixture
def world(client, keys, sessions, handlers, clock) -> World:
    return World(client, keys, sessions, handlers, clock)


async def test_a_loans_periods_and_subsidies_say_their_codes_names(world: World, client):
    await world.bank("DEMO")
    uscc = await world.enterprise(51)
    await world.recognise(uscc, date(2023, 7, 1))
    # A working-capital loan of a national little giant: its period is subsidised (a subsidy 已核算); a
    # real-estate loan's period is refused, not a production loan (A5.1).
    await world.send(
        disbursed("L-51", uscc),
        interest_paid("L-51", "2024-03-01", "2024-06-01"),
        disbursed("R-51", uscc, purpose="real_estate"),
        interest_paid("R-51", "2024-03-01", "2024-06-01"),
    )
    headers = world.headers("platform")
    [paid] = (await client.get("/v1/loans/DEMO/L-51", headers=headers)).json()["periods"]
    assert (paid["decision"], paid["decision_name"], paid["code"], paid["code_name"]) == (
        "subsidised",
        "予以贴息",
        None,
        None,
    )
    [subsidy] = paid["subsidies"]
    assert (subsidy["status"], subsidy["status_name"]) == ("computed", "已核算")

    [refused] = (await client.get("/v1/loans/DEMO/R-51", headers=headers)).json()["periods"]
    assert (refused["decision"], refused["decision_name"]) == ("refused", "不予贴息")
    assert (refused["code"], refused["code_name"]) == ("purpose_not_production", "非生产经营性贷款")


# A 助保贷 loan of 2024-11-01: the ceiling is LPR 3.10 (published 2024-10-21) + 100 bp = 4.10 (A5.2); a rate
# of exactly 4.10 is within it, 4.11 above it.
@pytest.mark.parametrize(
    ("rate", "flags", "status"),
    [
        ("4.11", [("rate_above_ceiling", "利率超过上限")], ("rate_above_ceiling", "利率超过上限")),
        ("4.10", [], ("within_ceiling", "未超过利率上限")),
    ],
)
async def test_a_loans_flags_and_ceiling_say_their_names(world: World, client, rate, flags, status):
    await world.bank("DEMO", partner=True)
    uscc = await world.enterprise(52)
    terms = {"product": "zhubaodai", "disbursed_on": "2024-11-01", "maturity_on": "2025-11-01", "annual_rate": rate}
    await world.send(disbursed("Z-52", uscc, principal="5000000.00", **terms))
    loan = (await client.get("/v1/loans/DEMO/Z-52", headers=world.headers("platform"))).json()
    assert list(zip(loan["flags"], loan["flag_names"], strict=True)) == flags
    assert (loan["ceiling"]["status"], loan["ceiling"]["status_name"]) == status


async def test_a_simulated_periods_status_and_code_say_their_names(world: World, client):
    subsidised = await client.post("/v1/simulate", json=simulation(), headers=world.headers("platform"))
    refused = await client.post(
        "/v1/simulate", json=simulation(purpose="real_estate"), headers=world.headers("platform")
    )
    assert subsidised.status_code == refused.status_code == 200, subsidised.text
    # The simulation of test_simulate_products_kpis_api: 100,000,000.00 at 3.80%, its periods subsidised
    # until the yearly cap (500,000.00) is used up.
    assert {(p["status"], p["status_name"], p["code"], p["code_name"]) for p in subsidised.json()["periods"]} == {
        ("subsidised", "予以贴息", None, None),
        ("refused", "不予贴息", "yearly_cap_reached", "年度贴息上限已用完"),
    }
    assert {(p["status"], p["status_name"], p["code"], p["code_name"]) for p in refused.json()["periods"]} == {
        ("refused", "不予贴息", "purpose_not_production", "非生产经营性贷款")
    }
