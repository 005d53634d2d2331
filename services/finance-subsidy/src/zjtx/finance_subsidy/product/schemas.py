from __future__ import annotations

import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.events.registry import Sector, SizeClass, Tier
from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.finance_subsidy.fields import AreaCode, BankCode, LongText, Name, Note, ProductCode, TypeCode


class ProductConditions(BaseModel):
    """What an enterprise must meet; a condition left out is not checked. The enterprise's facts are the
    registry's (district, sector, size class, cluster, staff, revenue, recognitions held today)."""

    model_config = ConfigDict(extra="forbid")

    tiers_any: list[Tier] | None = Field(default=None, description="holds a valid recognition of one of these")
    districts: list[AreaCode] | None = None
    sectors: list[Sector] | None = None
    size_classes: list[SizeClass] | None = None
    clusters: list[AreaCode] | None = None
    sme_only: bool = False
    min_employees: Annotated[int, Field(ge=0)] | None = None
    max_employees: Annotated[int, Field(ge=0)] | None = None
    min_annual_revenue: YuanIn | None = None
    max_annual_revenue: YuanIn | None = None


class ProductCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "bank_code": "DEMO",
                    "code": "XYD-2025",
                    "name": "信易贷·专精特新",
                    "type": "xinyidai",
                    "description": "纯信用，随借随还",
                    "max_amount": "3000000.00",
                    "rate_note": "LPR + 30 bp",
                    "conditions": {"tiers_any": ["municipal_zjtx", "national_little_giant"], "sme_only": True},
                }
            ]
        },
    )

    bank_code: BankCode
    code: ProductCode
    name: Name
    type: TypeCode
    description: LongText | None = None
    max_amount: YuanIn | None = None
    rate_note: Note | None = None
    conditions: ProductConditions = ProductConditions()


class ProductRead(BaseModel):
    id: uuid.UUID
    bank_code: str
    code: str
    name: str
    type: str
    type_name: str
    description: str | None
    max_amount: FenAsYuan | None
    rate_note: str | None
    conditions: dict[str, Any]


class MatchingProductRead(ProductRead):
    matches: bool
    why: list[str] = Field(description="each condition the enterprise meets, said")
    why_not: list[str] = Field(description="each condition it does not meet (only with include_unmatched)")
