"""`GET /v1/reference`, which every service gets from the kit: any known key reads it (401 without one),
it lists every code of the reference data with its Chinese name, the rules of the policy with their
titles, and the service's own statuses; the OpenAPI document says it needs a key and no scope."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zjtx.common.articles import ARTICLES, rule_name
from zjtx.common.reference import POOL_NAMES, SECTOR_NAMES, TIER_NAMES, load_reference
from zjtx.common.testing.clients import TestKeys
from zjtx.common.web.auth import SCOPES
from zjtx.common.web.reference import _answer

RULES = Path(__file__).resolve().parents[3].parent / "shared" / "policy" / "RULES.md"


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


@pytest.fixture(scope="session")
def keys():
    return TestKeys({"admin": SCOPES, "no_scope": ()})


async def test_any_known_key_reads_it_and_none_is_refused(client, keys):
    assert (await client.get("/v1/reference", headers=keys.headers("no_scope"))).status_code == 200
    refused = await client.get("/v1/reference")
    assert (refused.status_code, refused.json()["code"]) == (401, "unauthenticated")
    unknown = await client.get("/v1/reference", headers={"Authorization": "Bearer not-a-key"})
    assert (unknown.status_code, unknown.json()["code"]) == (401, "unauthenticated")


async def test_it_lists_every_code_with_its_chinese_name(client, keys):
    body = (await client.get("/v1/reference", headers=keys.headers("no_scope"))).json()
    names = {
        kind: {item["code"]: item["name"] for item in body[kind]} for kind in body if kind not in ("rules", "statuses")
    }
    reference = load_reference()
    assert len(names["districts"]) == 9 and names["districts"]["150105"] == "赛罕区"
    assert names["zones"] == {"150172": "呼和浩特经济技术开发区", "Z-HLGR": "和林格尔新区", "Z-JSGX": "金山高新区"}
    assert names["districts"] | names["zones"] == reference.divisions
    assert names["funders"] == {"city": "市本级", **reference.divisions}
    assert next(iter(names["funders"])) == "city"
    assert names["tiers"] == TIER_NAMES and names["pools"] == POOL_NAMES
    assert names["clusters"] == reference.clusters and len(names["clusters"]) == 6
    assert names["sectors"] == SECTOR_NAMES and len(names["sectors"]) == 16
    tier = next(item for item in body["tiers"] if item["code"] == "national_little_giant")
    assert tier == {
        "code": "national_little_giant",
        "name": "国家级专精特新“小巨人”",
        "name_en": "national little giant",
    }
    rule = next(item for item in body["rules"] if item["id"] == "A2.2")
    assert "技改" in rule["name"] and rule["name_en"]
    assert body["statuses"] == {}  # the throwaway service declares none


def test_a_service_says_its_statuses_with_their_names():
    answer = _answer({"award": {"approved": "已批准"}})
    assert [item.model_dump() for item in answer.statuses["award"]] == [
        {"code": "approved", "name": "已批准", "name_en": None}
    ]


async def test_the_document_says_a_key_of_any_scope_and_no_403(client):
    operation = (await client.get("/openapi.json")).json()["paths"]["/v1/reference"]["get"]
    assert operation["security"] == [{"bearer": []}]
    assert "Needs an API key, of any scope." in operation["description"]
    assert "401" in operation["responses"] and "403" not in operation["responses"]
    example = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert example  # the answer's model, with its example, is in the document


def test_every_rule_has_a_chinese_title_and_ids_are_unique():
    assert len({a.id for a in ARTICLES}) == len(ARTICLES)
    assert all(re.search(r"[\u4e00-\u9fff]", a.name) for a in ARTICLES)
    assert rule_name("A1.1") == "新认定市级“专精特新”中小企业一次性奖励20万元"
    assert rule_name("A99") is None and rule_name(None) is None


@pytest.mark.skipif(not RULES.is_file(), reason="shared/policy/RULES.md is not beside this checkout")
def test_every_rule_of_the_policy_has_its_title():
    ids = set(re.findall(r"^- \*\*([AF][0-9A-Za-z.]+)\*\*", RULES.read_text(encoding="utf-8"), re.MULTILINE))
    assert ids and ids <= {a.id for a in ARTICLES}
