from __future__ import annotations

import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from zjtx.common.events.registry import Sector, SizeClass, Tier
from zjtx.common.money import FenAsYuan, YuanIn

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
BankCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2,20}$")]


class ProductConditions(BaseModel):
    """What an enterprise must meet; a condition left out is not checked. The enterprise's facts are the
    registry's (district, sector, size class, cluster, staff, revenue, recognitions held today)."""

    model_config = ConfigDict(extra="forbid")

    tiers_any: list[Tier] | None = Field(default=None, description="holds a valid recognition of one of these")
    districts: list[str] | None = None
    sectors: list[Sector] | None = None
    size_classes: list[SizeClass] | None = None
    clusters: list[str] | None = None
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
    code: Code
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    type: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    description: Annotated[str, StringConstraints(max_length=2000)] | None = None
    max_amount: YuanIn | None = None
    rate_note: Annotated[str, StringConstraints(max_length=200)] | None = None
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
