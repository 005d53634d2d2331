"""The Chinese name beside a code in an answer (zjtx.common.named): read from the kit's tables, after the
model's own fields, null for a code the tables do not have; the code itself unchanged."""

from __future__ import annotations

from pydantic import BaseModel, Field

from zjtx.common.named import DistrictNamed, FunderNamed, RuleNamed, TierNamed


class Line(FunderNamed):
    funder: str = Field(description="who pays")


class Answer(DistrictNamed, RuleNamed, TierNamed):
    id: int = Field(description="its id")
    district_code: str | None = Field(description="where")
    rule: str = Field(description="which rule")
    tier: str = Field(description="which tier")
    lines: list[Line] = Field(description="who pays what")


def test_the_names_come_after_the_codes_they_name():
    answer = Answer(id=1, district_code="Z-JSGX", rule="A3.rent", tier="single_champion", lines=[Line(funder="city")])
    assert answer.model_dump() == {
        "id": 1,
        "district_code": "Z-JSGX",
        "rule": "A3.rent",
        "tier": "single_champion",
        "lines": [{"funder": "city", "funder_name": "市本级"}],
        "district_name": "金山高新区",
        "rule_name": "租赁研发和生产用房按实际房租30%补助，连续3年",
        "tier_name": "制造业单项冠军",
    }


def test_an_unknown_or_missing_code_has_no_name():
    answer = Answer(id=2, district_code=None, rule="B1", tier="unknown", lines=[Line(funder="bank-01")])
    dumped = answer.model_dump()
    assert (dumped["district_name"], dumped["rule_name"], dumped["tier_name"]) == (None, None, None)
    assert dumped["lines"][0]["funder_name"] is None


def test_the_document_describes_each_name():
    properties = Answer.model_json_schema(mode="serialization")["properties"]
    assert all(properties[name]["description"] for name in ("district_name", "rule_name", "tier_name"))
    assert isinstance(Answer, type) and issubclass(Answer, BaseModel)
