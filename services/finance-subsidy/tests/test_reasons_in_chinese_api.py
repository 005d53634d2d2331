"""The reasons finance-subsidy writes itself on a subsidy read in Chinese by default and in English with
`Accept-Language: en` (issue 12, item 1): an unpaid subsidy revoked when a late revocation supersedes it,
a paid one flagged for recovery, and the events of both (reason_zh, recovery_reason_zh, for the enterprise's
history), a loan above the 助保贷 ceiling; the tier, and a refusal's or a held event's code, are said in a
Chinese line by their names (rules.reasons, the error titles), not their codes: a code stays in its field."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.common.events import finance as events
from zjtx.common.testing.readers import outbox_events

from .test_simulate_products_kpis_api import simulation
from .world import World, disbursed, interest_paid


@pytest.fixture
def world(client, keys, sessions, handlers, clock) -> World:
    return World(client, keys, sessions, handlers, clock)


async def _by_id(client, world: World, uscc: str) -> dict[str, dict]:
    response = await client.get("/v1/subsidies", params={"uscc": uscc}, headers=world.headers("platform"))
    assert response.status_code == 200, response.text
    return {s["id"]: s for s in response.json()["items"]}


async def test_a_late_revocation_says_why_in_the_readers_language(world: World, client, default_client):
    await world.bank("DEMO")
    uscc = await world.enterprise(41)
    recognition_id = await world.recognise(uscc, date(2023, 7, 1))
    # Disbursed 2024-03-01; periods A 2024-03-01..05-31 and B 2024-05-31..08-31. A is paid; then the national
    # little-giant recognition is revoked from 2024-05-15, before both periods end: B (unpaid) is revoked,
    # A (paid) flagged for recovery, each with the A5.1 refusal as its reason.
    await world.send(
        disbursed("L-41", uscc),
        interest_paid("L-41", "2024-03-01", "2024-05-31"),
        interest_paid("L-41", "2024-05-31", "2024-08-31"),
    )
    first, second = await world.subsidies(uscc=uscc)
    await world.pay(first["id"])
    await world.revoke(uscc, recognition_id, date(2023, 7, 1), date(2024, 5, 15))

    # `default_client` sends no Accept-Language (Chinese, the default); `client` asks for English.
    chinese, english = await _by_id(default_client, world, uscc), await _by_id(client, world, uscc)

    refusal_zh = (
        "认定已撤销：国家级专精特新“小巨人”认定已于2024-05-15撤销；本计息期截至{end}，晚于撤销日"
        "（撤销后结束的计息期不再贴息）"
    )
    refusal_en = (
        "recognition_revoked: national_little_giant revoked on 2024-05-15; the period ends on {end}, after it "
        "(a revocation stops the subsidy for periods ending after it)"
    )
    assert chinese[second["id"]]["closed_reason"] == "已被取代：" + refusal_zh.format(end="2024-08-31")
    assert english[second["id"]]["closed_reason"] == "superseded: " + refusal_en.format(end="2024-08-31")
    assert chinese[first["id"]]["recovery_reason"] == "已拨付金额超过现应贴息：" + refusal_zh.format(end="2024-05-31")
    assert english[first["id"]]["recovery_reason"] == "paid more than is now due: " + refusal_en.format(
        end="2024-05-31"
    )
    # The codes stay codes in both.
    assert chinese[second["id"]]["status"] == english[second["id"]]["status"] == "revoked"
    # The revocation's event says both, for the enterprise's history in the registry.
    [revoked] = [e["payload"] for e in await outbox_events(world.sessions, events.SUBSIDY_REVOKED)]
    assert (revoked["subsidy_id"], revoked["reason"], revoked["reason_zh"]) == (
        second["id"],
        english[second["id"]]["closed_reason"],
        chinese[second["id"]]["closed_reason"],
    )
    # The recovery's event says why too (its `reason`, the closing one, is none for a paid subsidy).
    [flagged] = [e["payload"] for e in await outbox_events(world.sessions, events.SUBSIDY_RECOVERY_FLAGGED)]
    assert (flagged["subsidy_id"], flagged["reason"]) == (first["id"], None)
    assert (flagged["recovery_reason"], flagged["recovery_reason_zh"]) == (
        english[first["id"]]["recovery_reason"],
        chinese[first["id"]]["recovery_reason"],
    )


async def test_a_simulations_recognition_error_names_the_tier_in_chinese(world: World, client, default_client):
    # The simulation of test_simulate_products_kpis_api with a recognition that expires before it starts.
    body = simulation()
    body["recognitions"][0]["expires_on"] = "2023-06-30"
    chinese = await default_client.post("/v1/simulate", json=body, headers=world.headers("platform"))
    english = await client.post("/v1/simulate", json=body, headers=world.headers("platform"))

    assert chinese.status_code == english.status_code == 422, chinese.text
    assert chinese.json()["code"] == english.json()["code"]
    assert chinese.json()["detail"] == "2023-07-01认定的国家级专精特新“小巨人”到期日早于认定日"
    assert english.json()["detail"] == "the national_little_giant of 2023-07-01 ends before it starts"


async def test_why_a_banks_event_is_held_or_refused_reads_in_the_readers_language(world: World, client, default_client):
    # An event of loan L-43 before its disbursement is held; the disbursement (2024-03-01) comes and the
    # held event, whose period (2023) is before the loan, is refused.
    await world.bank("DEMO")
    uscc = await world.little_giant(43)
    await world.send(interest_paid("L-43", "2023-01-01", "2023-04-01"))
    url, headers = "/v1/bank-events", world.headers("platform")
    chinese = (await default_client.get(url, params={"loan_id": "L-43"}, headers=headers)).json()["items"]
    english = (await client.get(url, params={"loan_id": "L-43"}, headers=headers)).json()["items"]
    assert [e["reason"] for e in chinese] == ["贷款DEMO/L-43尚未报送：暂存，待其放款事件（loan.disbursed）到达后处理"]
    assert [e["reason"] for e in english] == ["loan DEMO/L-43 is not reported yet: held until its loan.disbursed"]

    await world.send(disbursed("L-43", uscc))
    loan = "/v1/loans/DEMO/L-43"
    [chinese] = (await default_client.get(loan, headers=headers)).json()["held_events"]
    [english] = (await client.get(loan, headers=headers)).json()["held_events"]
    assert chinese["status"] == english["status"] == "refused"
    # The loan runs 2024-03-01 to 2026-03-01 (world.disbursed).
    # The error said by its Chinese title (the name of its code) in Chinese, by its code in English.
    assert chinese["reason"] == "计息期超出贷款期限：计息期2023-01-01至2023-04-01超出贷款期限2024-03-01至2026-03-01"
    assert english["reason"] == (
        "period_outside_loan: 2023-01-01 to 2023-04-01 is outside the loan's 2024-03-01 to 2026-03-01"
    )


async def test_a_loans_purpose_is_named_in_the_chinese_refusal(world: World, client, default_client):
    # The simulation of test_simulate_products_kpis_api for a real-estate loan: not a production loan (A5.1).
    await world.bank("DEMO")
    body = simulation(purpose="real_estate")
    chinese = await default_client.post("/v1/simulate", json=body, headers=world.headers("platform"))
    english = await client.post("/v1/simulate", json=body, headers=world.headers("platform"))
    assert chinese.status_code == english.status_code == 200, chinese.text

    reasons_zh = {tuple(p["explanation"]["reasons"]) for p in chinese.json()["periods"]}
    reasons_en = {tuple(p["explanation"]["reasons"]) for p in english.json()["periods"]}
    assert reasons_zh == {("非生产经营性贷款：贷款用途为房地产，不属于生产经营性贷款（流动资金、设备购置、生产）",)}
    assert reasons_en == {
        (
            "purpose_not_production: the loan's purpose is real_estate; production and operating loans are "
            "working_capital, equipment, production",
        )
    }
    # The code stays in its own field, in both.
    codes = {p["code"] for p in chinese.json()["periods"]} | {p["code"] for p in english.json()["periods"]}
    assert codes == {"purpose_not_production"}


async def test_a_loan_above_the_ceiling_says_its_reasons_name_in_chinese(world: World, client, default_client):
    # A 助保贷 loan of 2024-11-01 at 4.11%: the ceiling is LPR 3.10 (published 2024-10-21) + 100 bp = 4.10 (A5.2).
    await world.bank("DEMO", partner=True)
    uscc = await world.enterprise(44)
    terms = {"product": "zhubaodai", "disbursed_on": "2024-11-01", "maturity_on": "2025-11-01", "annual_rate": "4.11"}
    await world.send(disbursed("Z-44", uscc, principal="5000000.00", **terms))
    url, headers = "/v1/loans/DEMO/Z-44", world.headers("platform")
    chinese = (await default_client.get(url, headers=headers)).json()["ceiling"]
    english = (await client.get(url, headers=headers)).json()["ceiling"]

    # The code stays in its own field; the Chinese line says its name.
    assert chinese["status"] == english["status"] == "rate_above_ceiling"
    assert chinese["explanation"]["reasons"] == ["利率超过上限：4.11% > 4.10%：超过利率上限，不按助保贷支持"]
    assert english["explanation"]["reasons"] == [
        "rate_above_ceiling: 4.11% > 4.10%: above the ceiling, not covered as 助保贷"
    ]


async def test_a_recognition_not_held_is_said_by_its_tiers_name_in_chinese(world: World, client, default_client):
    # The simulation of test_simulate_products_kpis_api with its recognition of 2024-05-01, after the
    # disbursement of 2024-03-01: not a 小巨人 on the disbursement date (A5.1).
    await world.bank("DEMO")
    body = simulation()
    body["recognitions"][0]["recognized_on"] = "2024-05-01"
    chinese = await default_client.post("/v1/simulate", json=body, headers=world.headers("platform"))
    english = await client.post("/v1/simulate", json=body, headers=world.headers("platform"))
    assert chinese.status_code == english.status_code == 200, chinese.text

    assert {p["code"] for p in chinese.json()["periods"] + english.json()["periods"]} == {"not_little_giant"}
    [reasons_zh] = {tuple(p["explanation"]["reasons"]) for p in chinese.json()["periods"]}
    [reasons_en] = {tuple(p["explanation"]["reasons"]) for p in english.json()["periods"]}
    assert reasons_zh == (
        "未持有小巨人认定：放款日2024-03-01未持有有效的小巨人认定（国家级专精特新“小巨人”、自治区级专精特新“小巨人”）："
        "国家级专精特新“小巨人”于2024-05-01认定，晚于放款日",
    )
    assert reasons_en == (
        "not_little_giant: no valid 小巨人 recognition (national_little_giant, region_little_giant) on the "
        "disbursement date 2024-03-01: national_little_giant was recognised on 2024-05-01, after the disbursement",
    )
