"""The 工信局 reads Chinese: an award's formula, a claim's explanation and a refusal's reason come back
in Chinese with `Accept-Language: zh-CN` and in English with `Accept-Language: en`, same figures.
ASGI app, real PostgreSQL rolled back per test, clock fixed at 2025-09-01."""

from __future__ import annotations

from datetime import date

from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered

from . import stored
from .claiming import CLAIMS, enterprise, upgrade

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}


async def test_a_recognition_award_reads_its_formula_in_the_readers_language(client, keys, sessions, handlers):
    # A1.1: a new municipal 专精特新 recognition on 2024-06-18 earns the one-time 200,000.00.
    uscc = make_uscc(7101)
    await apply(sessions, handlers, registered(uscc), recognition(uscc, "municipal_zjtx", date(2024, 6, 18)))
    [award] = await stored.awards(sessions, uscc=uscc)
    url = f"/v1/awards/{award.id}"

    chinese = (await client.get(url, headers=keys.headers("reader") | ZH)).json()["explanation"]
    english = (await client.get(url, headers=keys.headers("reader") | EN)).json()["explanation"]

    assert chinese["formula"] == ["新认定市级专精特新中小企业，一次性奖励金额 = 200,000.00元"]
    assert english["formula"] == ["one-time award for a new municipal recognition = 200,000.00"]
    assert "zh" not in chinese and "zh" not in english  # a reader gets one language, not both


async def test_an_upgrade_claim_reads_its_explanation_in_the_readers_language(client, keys, sessions, handlers):
    # A2.2: 20% × 2,000,000.00 = 400,000.00 ≤ the cap per project 500,000.00, so not capped.
    uscc = await enterprise(sessions, handlers, 7102, ("region_zjtx", date(2023, 3, 1)))
    response = await client.post(CLAIMS, headers=keys.headers("platform") | ZH, json=upgrade(uscc, "2000000.00"))
    assert response.status_code == 201, response.text
    chinese = response.json()["explanation"]
    english = (await client.get(f"{CLAIMS}/{response.json()['id']}", headers=keys.headers("reader") | EN)).json()

    assert chinese["formula"] == [
        "设备投资额2,000,000.00元 ≥ 1,000,000.00元",
        "按设备投资额的20%计算：20% × 2,000,000.00元 = 400,000.00元",
    ]
    assert chinese["caps"] == ["400,000.00元 ≤ 单个项目奖励上限500,000.00元：未超上限"]
    assert english["explanation"]["formula"] == [
        "investment 2,000,000.00 ≥ 1,000,000.00",
        "20% × 2,000,000.00 = 400,000.00",
    ]
    assert english["explanation"]["caps"] == ["400,000.00 ≤ cap per project 500,000.00: not capped"]


async def test_a_refused_claim_gives_its_reason_in_the_readers_language(client, keys, sessions, handlers):
    # A2.2 below the threshold: 999,999.99 < 1,000,000.00 by one fen.
    uscc = await enterprise(sessions, handlers, 7103, ("region_zjtx", date(2023, 3, 1)))
    response = await client.post(CLAIMS, headers=keys.headers("platform") | ZH, json=upgrade(uscc, "999999.99"))
    assert response.status_code == 201, response.text
    chinese = response.json()
    english = (await client.get(f"{CLAIMS}/{chinese['id']}", headers=keys.headers("reader") | EN)).json()

    assert (chinese["reason"], chinese["reason_code"]) == (
        "设备投资额999,999.99元，低于1,000,000.00元",
        "below_minimum",
    )
    assert chinese["explanation"]["reasons"] == ["设备投资额999,999.99元，低于1,000,000.00元"]
    assert (english["reason"], english["reason_code"]) == (
        "investment 999,999.99 is below 1,000,000.00",
        "below_minimum",
    )


async def test_a_claim_before_the_policy_is_refused_in_chinese(client, keys, sessions, handlers):
    # Completed 2021-12-31, the day before the policy's first day 2022-01-01.
    uscc = await enterprise(sessions, handlers, 7104, ("region_zjtx", date(2020, 3, 1)))
    body = upgrade(uscc, "2000000.00", completed_on="2021-12-31")
    response = await client.post(CLAIMS, headers=keys.headers("platform") | ZH, json=body)
    assert response.status_code == 201, response.text
    rejected = response.json()
    listed = await client.get(CLAIMS, params={"uscc": uscc}, headers=keys.headers("reader") | EN)

    assert (rejected["reason"], rejected["reason_code"]) == (
        "2021-12-31早于本政策施行之日（2022-01-01）",
        "before_policy",
    )
    assert listed.json()["items"][0]["reason"] == "2021-12-31 is before the policy applies (2022-01-01)"


async def test_the_calculator_answers_in_the_readers_language(client, keys):
    # A1.1 on 2024-06-18: 200,000.00. A2.2 completed 2025-05-31, 20% × 2,500,000.00 = 500,000.00, but the
    # enterprise is on the black list 2025-01-10 .. 2025-07-01 that day: refused, 0.00.
    body = {
        "uscc": make_uscc(7105),
        "district_code": "150105",
        "cluster": "agri_food",
        "recognitions": [{"tier": "municipal_zjtx", "recognized_on": "2024-06-18"}],
        "claims": [upgrade(make_uscc(7105), "2500000.00")],
        "credit_lists": [{"list": "black", "listed_on": "2025-01-10", "removed_on": "2025-07-01"}],
    }
    body["claims"][0].pop("uscc")
    chinese = await client.post("/v1/simulate", headers=keys.headers("reader") | ZH, json=body)
    english = await client.post("/v1/simulate", headers=keys.headers("reader") | EN, json=body)
    assert chinese.status_code == english.status_code == 200, chinese.text
    zh = {a["source"]: a for a in chinese.json()["awards"]}
    en = {a["source"]: a for a in english.json()["awards"]}

    assert zh["recognitions[0]"]["explanation"]["formula"] == [
        "新认定市级专精特新中小企业，一次性奖励金额 = 200,000.00元"
    ]
    assert zh["recognitions[0]"]["rule_name"] == "新认定市级“专精特新”中小企业一次性奖励20万元"
    assert zh["claims[0]"]["explanation"]["formula"][-1] == "按设备投资额的20%计算：20% × 2,500,000.00元 = 500,000.00元"
    assert (zh["claims[0]"]["reason"], zh["claims[0]"]["reason_code"]) == (
        "2025-05-31处于严重失信主体名单（黑名单）期间：2025-01-10列入，至2025-07-01移出；列入黑名单的企业不予奖励",
        "credit_black_list",
    )
    assert en["recognitions[0]"]["explanation"]["formula"] == [
        "one-time award for a new municipal recognition = 200,000.00"
    ]
    assert en["claims[0]"]["explanation"]["formula"][-1] == "20% × 2,500,000.00 = 500,000.00"
    assert en["claims[0]"]["reason"] == (
        "on the serious-dishonesty list (黑名单) on 2025-05-31: listed on 2025-01-10, until 2025-07-01; "
        "an enterprise on it gets no award"
    )


async def test_land_priority_gives_its_reasons_in_the_readers_language(client, keys, sessions, handlers):
    # A municipal recognition is not one of A3.land's tiers: no priority on today, 2025-09-01.
    uscc = await enterprise(sessions, handlers, 7106, ("municipal_zjtx", date(2024, 6, 18)))
    url = f"/v1/enterprises/{uscc}/land-priority"
    chinese = (await client.get(url, headers=keys.headers("reader") | ZH)).json()
    english = (await client.get(url, headers=keys.headers("reader") | EN)).json()
    assert (chinese["eligible"], chinese["reasons"]) == (
        False,
        ["2025-09-01未持有有效的国家级或自治区级“小巨人”、单项冠军认定"],
    )
    assert english["reasons"] == [
        "no valid national/regional little-giant or single-champion recognition on 2025-09-01"
    ]
