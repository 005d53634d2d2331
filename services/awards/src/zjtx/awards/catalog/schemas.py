from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from zjtx.awards.catalog.rulebook import Trigger


class ParameterRead(BaseModel):
    name: str = Field(description="the parameter's name")
    in_force: bool = Field(description="false when no value is in force on as_of (then the other fields are null)")
    valid_from: date | None = Field(description="the first day of the value in force")
    valid_to: date | None = Field(description="the last day of the value in force; null: open-ended")
    rule: str | None = Field(description="the rule the value serves (A2.2, …)")
    article: str | None = Field(description="the article of the policy the value comes from")
    values: dict[str, Any] | None = Field(description="the figures: yuan and rates as strings, whole numbers, dates")


class ParameterListRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "version": "common:2026-12-02.1+awards:2026-12-02.1",
                    "as_of": "2025-09-01",
                    "items": [
                        {
                            "name": "upgrade_award",
                            "in_force": True,
                            "valid_from": "2022-01-01",
                            "valid_to": None,
                            "rule": "A2.2",
                            "article": "二、对“专精特新”中小企业投资100万元以上的技改项目，按项目投资额的20%予以补助，"
                            "最高不超过50万元",
                            "values": {"min_investment": "1000000.00", "rate": "0.20", "cap": "500000.00"},
                        }
                    ],
                }
            ]
        }
    )

    version: str = Field(description="the parameter file's version, which every award records")
    as_of: date = Field(description="the day the values are read on")
    items: list[ParameterRead] = Field(description="every parameter of the file, whole (not paged)")


class RuleRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "A2.2",
                    "article": "二、支持“专精特新”中小企业提升专业配套能力",
                    "text": "对“专精特新”中小企业投资100万元以上的技改项目，按项目投资额的20%予以补助，"
                    "最高不超过50万元",
                    "summary": "A 专精特新 SME's technical-upgrade project of at least 1,000,000 gets 20%, capped at "
                    "500,000 per project.",
                    "trigger": "claim",
                    "triggered_by": ["POST /v1/claims"],
                    "monetary": True,
                    "parameters": ["upgrade_award.min_investment", "upgrade_award.rate", "upgrade_award.cap"],
                }
            ]
        }
    )

    id: str = Field(description="the rule's id (RULES.md): A1.1, A2.2, …")
    article: str = Field(description="the article of the policy")
    text: str = Field(description="the sentence of the policy that grants it")
    summary: str = Field(description="the rule in a sentence of English")
    trigger: Trigger = Field(description="event (免申即享), claim, flag (read on request) or award (every award)")
    triggered_by: list[str] = Field(description="the events or operations that set it off")
    monetary: bool = Field(description="false for a rule that gives no money (a plaque, a flag)")
    parameters: list[str] = Field(description="parameter.key, as GET /v1/parameters lists them")


class RuleListRead(BaseModel):
    items: list[RuleRead] = Field(description="every rule, whole (a dozen: not paged)")
