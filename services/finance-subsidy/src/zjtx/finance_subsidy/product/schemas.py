from __future__ import annotations

import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.events.registry import Sector, SizeClass, Tier
from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.common.reference import SECTOR_NAMES, TIER_NAMES, describe_codes, load_reference
from zjtx.finance_subsidy.fields import AreaCode, BankCode, LongText, Name, Note, ProductCode, TypeCode

PRODUCT_TYPES_SAID = (
    "a type of the parameter `loan_product_types` (A5.4): `xinyidai` 信易贷, `yinshuidai` 银税贷, `zhengcaidai` "
    "政采贷, `zhubaodai` 助保贷 (partner banks only), `inclusive_sme` 普惠小微贷款"
)
SIZE_CLASSES_SAID = "`large` 大型, `medium` 中型, `small` 小型, `micro` 微型 (划型标准, 2011)"


class ProductConditions(BaseModel):
    """What an enterprise must meet; a condition left out is not checked. The enterprise's facts are the
    registry's (district, sector, size class, cluster, staff, revenue, recognitions held today)."""

    model_config = ConfigDict(extra="forbid")

    tiers_any: list[Tier] | None = Field(
        default=None,
        description=f"holds a valid recognition of one of these tiers today: {describe_codes(TIER_NAMES)}",
    )
    districts: list[AreaCode] | None = Field(
        default=None,
        description="registered in one of these districts or zones (an unknown code is `conditions_invalid`): "
        f"{describe_codes(load_reference().divisions)}",
    )
    sectors: list[Sector] | None = Field(
        default=None, description=f"in one of these sectors of the size standard: {describe_codes(SECTOR_NAMES)}"
    )
    size_classes: list[SizeClass] | None = Field(
        default=None, description=f"of one of these size classes: {SIZE_CLASSES_SAID}"
    )
    clusters: list[AreaCode] | None = Field(
        default=None,
        description="in one of the six clusters (六大产业集群; an unknown code is `conditions_invalid`): "
        f"{describe_codes(load_reference().clusters)}",
    )
    sme_only: bool = Field(default=False, description="true: only SMEs (中小企业) by the size standard")
    min_employees: Annotated[int, Field(ge=0)] | None = Field(default=None, description="at least this many staff")
    max_employees: Annotated[int, Field(ge=0)] | None = Field(default=None, description="at most this many staff")
    min_annual_revenue: YuanIn | None = Field(default=None, description="a yearly revenue of at least this")
    max_annual_revenue: YuanIn | None = Field(default=None, description="a yearly revenue of at most this")


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

    bank_code: BankCode = Field(description="the offering bank's code (a bank's key: its own; `bank_unknown` if none)")
    code: ProductCode = Field(description="the product's code, unique per bank: letters, digits and . _ - (up to 40)")
    name: Name = Field(description="the product's name (1 to 200 characters)")
    type: TypeCode = Field(description=PRODUCT_TYPES_SAID)
    description: LongText | None = Field(default=None, description="what it is, for enterprises (up to 2,000)")
    max_amount: YuanIn | None = Field(default=None, description="the largest loan it grants")
    rate_note: Note | None = Field(default=None, description='its rate, in words ("LPR + 30 bp"; up to 200)')
    conditions: ProductConditions = Field(
        default=ProductConditions(), description="what an enterprise must meet; none: every enterprise"
    )


class ProductRead(BaseModel):
    id: uuid.UUID = Field(description="the product's id")
    bank_code: str = Field(description="the offering bank's code")
    code: str = Field(description="the product's code at its bank")
    name: str = Field(description="the product's name")
    type: str = Field(description=PRODUCT_TYPES_SAID)
    type_name: str = Field(description="the type's name (信易贷, …)")
    description: str | None = Field(description="what it is, for enterprises")
    max_amount: FenAsYuan | None = Field(description="the largest loan it grants; null: not said")
    rate_note: str | None = Field(description="its rate, in words")
    conditions: dict[str, Any] = Field(description="the conditions set (those left out are not checked)")


class MatchingProductRead(ProductRead):
    matches: bool = Field(description="the enterprise meets every condition")
    why: list[str] = Field(description="each condition the enterprise meets, said")
    why_not: list[str] = Field(description="each condition it does not meet (only with include_unmatched)")
