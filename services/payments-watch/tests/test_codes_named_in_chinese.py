"""Codes inside Chinese lines are said by their names (issue 12, item 1): the seller's size class in
A10.1's line (小型, not `small`) and the buyer's kind in A9's refusal (国有企业, not `soe`); in English the
codes stay as they were. `default_client` sends no Accept-Language (Chinese, the default)."""

from __future__ import annotations

from . import world
from .test_contracts_api import parties  # noqa: F401  (the fixture)
from .test_procurement_api import PLANS, plan_body

EN = {"Accept-Language": "en"}


async def test_the_sellers_size_is_named_in_the_chinese_line(client, default_client, keys, parties):  # noqa: F811
    seller, organ, _ = parties
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-2025-031")
    url = "/v1/contracts/HT-2025-031"
    chinese = (await default_client.get(url, headers=keys.headers("reader"))).json()
    english = (await client.get(url, headers=keys.headers("reader") | EN)).json()

    [size_zh] = [line for line in chinese["explanation"]["formula"] if "卖方规模" in line]
    [size_en] = [line for line in english["explanation"]["formula"] if "the seller was" in line]
    assert "卖方规模为小型：属中小企业，纳入监测" in size_zh and "small" not in size_zh
    assert "the seller was small on" in size_en
    assert chinese["seller_size_at_signing"] == english["seller_size_at_signing"] == "small"  # the code stays


async def test_the_buyers_kind_is_named_in_the_chinese_refusal(client, default_client, keys):
    soe = await world.buyer(client, keys, 31, "soe")
    body = plan_body(soe)
    chinese = await default_client.post(PLANS, json=body, headers=keys.headers("platform"))
    english = await client.post(PLANS, json=body, headers=keys.headers("platform") | EN)

    assert (chinese.status_code, chinese.json()["code"]) == (422, "not_a_budget_unit")
    assert chinese.json()["detail"] == f"{soe}为国有企业：A9仅约束机关和事业单位"
    assert english.json()["detail"] == f"{soe} is a soe: A9 binds 机关 and 事业单位"
