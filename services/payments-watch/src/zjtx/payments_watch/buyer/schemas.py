from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.payments_watch.schemas import DecimalText

BuyerKind = Literal["organ", "institution", "soe", "large_enterprise"]
RiskLevel = Literal["low", "medium", "high"]


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

    code: str = Field(min_length=1, max_length=40, description="the buyer's 统一社会信用代码, 18 characters")
    name: str = Field(min_length=1, max_length=200)
    kind: BuyerKind = Field(description="organ (机关), institution (事业单位), soe (国有企业), large_enterprise")
    district_code: str = Field(description="one of the 9 旗县区 codes or the 3 zone ids")
    supervisor: str = Field(min_length=1, max_length=200, description="the department the buyer answers to")


class BuyerRead(BaseModel):
    code: str
    name: str
    kind: BuyerKind
    district_code: str
    district_name: str
    supervisor: str
    risk_score: DecimalText = Field(description="A10.5, 0-100, as last computed (the hourly scan keeps it current)")
    risk_level: RiskLevel
    risk_as_of: date | None
    created_at: datetime
    updated_at: datetime
