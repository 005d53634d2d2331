from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.reference import describe_codes, load_reference
from zjtx.common.uscc import Uscc
from zjtx.payments_watch.schemas import DecimalText, KindNamed

BuyerKind = Literal["organ", "institution", "soe", "large_enterprise"]
RiskLevel = Literal["low", "medium", "high"]
KINDS_SAID = (
    "`organ` 机关, `institution` 事业单位 (both pay within 30 days, at most 60 agreed: A10.1), `soe` 国有企业, "
    "`large_enterprise` 大型企业 (A10.2)"
)
RISK_LEVELS_SAID = "A10.5: `low` (score below 30), `medium` (30 to below 60), `high` (60 and over)"
DISTRICTS_SAID = describe_codes(load_reference().divisions)


class BuyerCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "11150100011526044W",
                    "name": "呼和浩特市示例局",
                    "kind": "organ",
                    "district_code": "150102",
                    "supervisor": "呼和浩特市人民政府",
                }
            ]
        },
    )

    code: Uscc = Field(description="the buyer's 统一社会信用代码 (机关 and 事业单位 have one too); unique")
    name: str = Field(min_length=1, max_length=200, description="the buyer's name")
    kind: BuyerKind = Field(description=KINDS_SAID)
    district_code: str = Field(
        max_length=10,
        description=f"its district or zone (an unknown code is `district_unknown`): {DISTRICTS_SAID}",
        examples=["150102"],
    )
    supervisor: str = Field(min_length=1, max_length=200, description="the department the buyer answers to")


class BuyerRead(KindNamed):
    code: str = Field(description="the buyer's 统一社会信用代码")
    name: str = Field(description="the buyer's name")
    kind: BuyerKind = Field(description=KINDS_SAID)
    district_code: str = Field(description=f"its district or zone code: {DISTRICTS_SAID}")
    district_name: str = Field(description="the district's or zone's name (赛罕区, …)")
    supervisor: str = Field(description="the department the buyer answers to")
    risk_score: DecimalText = Field(description="A10.5, 0-100, as last computed (the hourly scan keeps it current)")
    risk_level: RiskLevel = Field(description=RISK_LEVELS_SAID)
    risk_as_of: date | None = Field(description="the day the stored risk was computed for; null: never computed")
    created_at: datetime = Field(description="when it was registered")
    updated_at: datetime = Field(description="when it last changed (its risk included)")
