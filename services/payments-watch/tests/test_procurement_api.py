"""A9 procurement plans through the ASGI app: a plan that keeps both rules, a revision that breaks
A9.1 (a new version, checked again), the list of latest versions, bad input refused."""

from __future__ import annotations

import pytest

from zjtx.common.testing.readers import count_rows
from zjtx.payments_watch.procurement.models import ProcurementPlan

from . import world

PLANS = "/v1/procurement-plans"


def plan_body(buyer: str, *, year: int = 2026, sme: str = "4000000.00", small: str = "2800000.00", **changes) -> dict:
    return {
        "buyer_code": buyer,
        "year": year,
        "total_budget": "10000000.00",
        "sme_reserved": sme,
        "small_micro_reserved": small,
        "items": [
            {
                "name": "办公设备",
                "category": "goods",
                "budget": "1500000.00",
                "suits_sme": True,
                "reserved_for_sme": True,
            },
            {
                "name": "物业服务",
                "category": "services",
                "budget": "900000.00",
                "suits_sme": True,
                "reserved_for_sme": False,
            },
        ],
    } | changes


async def test_plans_are_versioned_and_each_version_checked(client, keys):
    organ = await world.buyer(client, keys, 1)
    first = await world.post(client, keys, PLANS, plan_body(organ))
    # 40% × 10,000,000.00 = 4,000,000.00 reserved; 70% × 4,000,000.00 = 2,800,000.00 small/micro; the
    # 900,000.00 services are below the 1,000,000.00 threshold: not bound by A9.2.
    assert (first["version"], first["compliant"], first["violations"]) == (1, True, [])
    revised = await world.post(client, keys, PLANS, plan_body(organ, sme="3500000.00", small="2450000.00"))
    assert (revised["version"], revised["compliant"]) == (2, False)
    assert revised["violations"] == [
        {
            "rule": "A9.1",
            "measure": "sme_reserved",
            "required": "4000000.00",
            "actual": "3500000.00",
            "item": None,
            "detail": "at least 40% of the yearly procurement budget is reserved for SMEs",
        }
    ]
    headers = keys.headers("reader")
    latest = (await client.get(PLANS, params={"year": 2026}, headers=headers)).json()["items"]
    assert [(p["version"], p["compliant"]) for p in latest] == [(2, False)]
    every = (await client.get(PLANS, params={"year": 2026, "all_versions": "true"}, headers=headers)).json()["items"]
    assert [p["version"] for p in every] == [1, 2]
    assert (await client.get(PLANS, params={"compliant": "true"}, headers=headers)).json()["items"] == []
    assert (await client.get(f"{PLANS}/{first['id']}", headers=headers)).json()["version"] == 1


async def test_an_item_that_should_be_reserved_for_smes_is_a_violation(client, keys):
    institution = await world.buyer(client, keys, 2, "institution")
    items = [
        {
            "name": "食堂服务",
            "category": "services",
            "budget": "1200000.00",
            "suits_sme": True,
            "reserved_for_sme": False,
        }
    ]
    body = await world.post(client, keys, PLANS, plan_body(institution, items=items))
    assert [(v["rule"], v["item"]) for v in body["violations"]] == [("A9.2", "食堂服务")]


async def test_a_plan_before_the_policy_is_recorded_not_checked(client, keys):
    organ = await world.buyer(client, keys, 3)
    body = await world.post(client, keys, PLANS, plan_body(organ, year=2021))
    assert (body["compliant"], body["violations"]) == (None, [])
    assert body["reason"].startswith("before_policy")


@pytest.mark.parametrize(
    ("kind", "change", "code"),
    [
        ("soe", {}, "not_a_budget_unit"),
        ("organ", {"buyer_code": world.code(99)}, "buyer_unknown"),
        ("organ", {"sme_reserved": "10000000.01"}, "plan_inconsistent"),
        ("organ", {"small_micro_reserved": "4000000.01"}, "plan_inconsistent"),
        (
            "organ",
            {"total_budget": "2000000.00", "sme_reserved": "800000.00", "small_micro_reserved": "560000.00"},
            "plan_inconsistent",
        ),
        ("organ", {"year": 1948}, "validation_failed"),
        ("organ", {"total_budget": "-1.00"}, "validation_failed"),
    ],
)
async def test_a_bad_plan_is_refused_and_nothing_stored(client, keys, sessions, kind, change, code):
    buyer = await world.buyer(client, keys, 4, kind)
    response = await client.post(PLANS, json=plan_body(buyer) | change, headers=keys.headers("platform"))
    assert (response.status_code, response.json()["code"]) == (422, code)
    assert await count_rows(sessions, ProcurementPlan) == (0,)
    assert (
        await client.get(f"{PLANS}/00000000-0000-0000-0000-000000000000", headers=keys.headers("reader"))
    ).status_code == 404
