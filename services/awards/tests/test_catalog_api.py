"""GET /v1/parameters and GET /v1/rules (clock fixed at 2025-09-01): the figures in force on a date with
their legal reference, and the rules with their article, trigger and the parameters they read — checked
against what the rule functions actually read."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from zjtx.awards.catalog.rulebook import CALCULATOR_PARAMETERS, RULEBOOK
from zjtx.awards.catalog.service import NOT_FIGURES
from zjtx.awards.rules.recognition import park_plaque

RULE_IDS = ["A1.1", "A1.2", "A1.3", "A1.park", "A2.1", "A2.2", "A3.rent", "A3.land", "A4.1", "A6.1", "F.1", "P.notice"]


async def get(client, keys, path: str, **params):
    return await client.get(path, headers=keys.headers("reader"), params=params)


async def test_parameters_in_force_today(client, keys, parameters):
    response = await get(client, keys, "/v1/parameters")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["version"], body["as_of"]) == (parameters.version, "2025-09-01")
    items = {item["name"]: item for item in body["items"]}
    assert sorted(items) == parameters.names()
    assert items["upgrade_award"] == {
        "name": "upgrade_award",
        "in_force": True,
        "valid_from": "2022-01-01",
        "valid_to": None,
        "rule": "A2.2",
        "article": "二、对“专精特新”中小企业投资100万元以上的技改项目，按项目投资额的20%予以补助，最高不超过50万元",
        "values": {"min_investment": "1000000.00", "rate": "0.20", "cap": "500000.00"},
    }
    assert items["policy_in_force_from"]["values"] == {"value": "2022-01-01"}
    assert items["rent_subsidy"]["values"] == {"rate": "0.30", "years": 3, "cap_per_year": "1000000.00"}
    assert items["funding_split"]["values"] == {"city_share": "0.50"}


async def test_parameters_before_the_policy_are_not_in_force(client, keys):
    body = (await get(client, keys, "/v1/parameters", as_of="2021-12-31")).json()
    assert body["as_of"] == "2021-12-31"
    assert {item["in_force"] for item in body["items"]} == {False}
    assert body["items"][0] | {"name": None} == {
        "name": None,
        "in_force": False,
        "valid_from": None,
        "valid_to": None,
        "rule": None,
        "article": None,
        "values": None,
    }
    first_day = (await get(client, keys, "/v1/parameters", as_of="2022-01-01")).json()
    assert {item["in_force"] for item in first_day["items"]} == {True}


# "0" was a 500 once (read as seconds since 1970); a day outside the platform's calendar is refused too.
@pytest.mark.parametrize("as_of", ["2025-02-30", "yesterday", "2025-9-1x", "0", "1900-01-01", "2100-01-01"])
async def test_invalid_as_of_is_a_problem(client, keys, as_of):
    response = await get(client, keys, "/v1/parameters", as_of=as_of)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "validation_failed"


async def test_rules_with_article_trigger_and_parameters(client, keys):
    response = await get(client, keys, "/v1/rules")
    assert response.status_code == 200, response.text
    rules = {rule["id"]: rule for rule in response.json()["items"]}
    assert list(rules) == RULE_IDS
    assert rules["A2.2"] == {
        "id": "A2.2",
        "article": "二、支持“专精特新”中小企业提升专业配套能力",
        "text": "对“专精特新”中小企业投资100万元以上的技改项目，按项目投资额的20%予以补助，最高不超过50万元",
        "summary": "A 专精特新 SME's technical-upgrade project of at least 1,000,000 gets 20%, capped at 500,000 "
        "per project; recognition and SME status on the completion date.",
        "trigger": "claim",
        "triggered_by": ["POST /v1/claims"],
        "monetary": True,
        "parameters": [
            "policy_in_force_from.value",
            "upgrade_award.min_investment",
            "upgrade_award.rate",
            "upgrade_award.cap",
        ],
    }
    assert (rules["A1.1"]["trigger"], rules["A1.1"]["triggered_by"]) == ("event", ["registry.recognition.granted"])
    assert (rules["A1.3"]["trigger"], rules["A1.3"]["triggered_by"]) == ("event", ["registry.enterprise.relocated_in"])
    assert rules["A4.1"]["triggered_by"] == ["registry.enterprise.scale_reported"]
    assert (rules["A3.land"]["trigger"], rules["A3.land"]["monetary"], rules["A3.land"]["parameters"]) == (
        "flag",
        False,
        [],
    )
    assert rules["F.1"]["parameters"] == ["funding_split.city_share"]


def test_every_listed_parameter_exists_and_every_figure_is_read(parameters):
    listed = {p for rule in RULEBOOK for p in rule.parameters} | set(CALCULATOR_PARAMETERS)
    figures = {
        f"{name}.{key}"
        for name in parameters.names()
        for value in parameters.values(name)
        for key in value.body
        if key not in NOT_FIGURES
    }
    assert listed == figures


async def test_the_rulebook_names_what_the_rule_functions_read(client, keys, parameters):
    # Profiles on which every enterprise rule is eligible: each award's explanation lists the parameters
    # its rule function read, which must be the rulebook's list for that rule. A1.2 and A1.3 are one
    # award, so A1.3 (a little giant recognised elsewhere, then moving in) has a profile of its own.
    claims = [
        {
            "rule": "A2.1",
            "year": 2024,
            "supply_amount": "8000000.00",
            "previous_year_supply_amount": "5000000.00",
            "buyer_name": "伊利集团",
            "buyer_cluster": "agri_food",
            "own_product": True,
            "contract_refs": ["YL-2024-0087"],
        },
        {"rule": "A2.2", "project_name": "改造", "investment_amount": "1000000.00", "completed_on": "2024-05-31"},
        {"rule": "A3.rent", "year": 2024, "rent_paid": "100000.00", "premises_use": "research"},
        {
            "rule": "A6.1",
            "fair_name": "中博会",
            "fair_level": "national",
            "held_on": "2024-06-10",
            "booth_fee": "20000.00",
        },
    ]
    scale = [{"year": 2021, "above_scale": False}, *({"year": y, "above_scale": True} for y in (2022, 2023, 2024))]
    national = {"tier": "national_little_giant", "recognized_on": "2023-03-01"}
    profiles = [
        {
            "recognitions": [{"tier": "municipal_zjtx", "recognized_on": "2022-05-01"}, national],
            "scale_reports": scale,
            "claims": claims,
        },
        {
            "recognitions": [national],
            "relocations": [
                {"moved_in_on": "2024-05-10", "moved_from": "北京市海淀区", "moved_from_division_code": "110108"}
            ],
        },
    ]
    read: dict[str, set[str]] = {}
    for profile in profiles:
        body = {"district_code": "150105", "cluster": "agri_food"} | profile
        response = await client.post("/v1/simulate", headers=keys.headers("reader"), json=body)
        assert response.status_code == 200, response.text
        for award in response.json()["awards"]:
            if award["eligible"]:
                read[award["rule"]] = {p["name"] for p in award["explanation"]["parameters"]}
    plaque = park_plaque(
        park_id=uuid.uuid4(), park_name="园区", qualified_on=date(2025, 3, 1), zjtx_count=10, parameters=parameters
    )
    assert plaque.eligible
    read["A1.park"] = {p.as_dict()["name"] for p in plaque.explanation.parameters}
    assert sorted(read) == ["A1.1", "A1.2", "A1.3", "A1.park", "A2.1", "A2.2", "A3.rent", "A4.1", "A6.1"]
    for rule in RULEBOOK:
        if rule.id in read:
            assert read[rule.id] == set(rule.parameters), rule.id


async def test_needs_a_key(client, keys):
    for path in ("/v1/parameters", "/v1/rules"):
        response = await client.get(path)
        assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")
        response = await client.get(path, headers=keys.headers("outsider"))
        assert (response.status_code, response.json()["code"]) == (403, "forbidden")
