from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.dates import CalendarYear
from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.common.uscc import Uscc
from zjtx.payments_watch.schemas import PositiveYuan

Category = Literal["goods", "services", "works"]
CATEGORIES_SAID = "`goods` 货物, `services` 服务 (A9.2 ceiling 2,000,000), `works` 工程 (ceiling 4,000,000)"


class PlanItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="the item's name")
    category: Category = Field(description=CATEGORIES_SAID)
    budget: PositiveYuan = Field(description="its budget, more than 0.00")
    suits_sme: bool = Field(description="适宜由中小企业提供: it suits SMEs (A9.2)")
    reserved_for_sme: bool = Field(description="专门面向中小企业采购: reserved for SMEs only (A9.2)")


class PlanCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "buyer_code": "11150100011526044W",
                    "year": 2026,
                    "total_budget": "10000000.00",
                    "sme_reserved": "4200000.00",
                    "small_micro_reserved": "3000000.00",
                    "items": [
                        {
                            "name": "办公设备",
                            "category": "goods",
                            "budget": "1500000.00",
                            "suits_sme": True,
                            "reserved_for_sme": True,
                        }
                    ],
                }
            ]
        },
    )

    buyer_code: Uscc = Field(
        description="the unit's 统一社会信用代码: a registered 机关 or 事业单位 (`not_a_budget_unit`)"
    )
    year: CalendarYear = Field(description="the budget year (before 2022: recorded, not checked)")
    total_budget: YuanIn = Field(description="the unit's whole yearly procurement budget: A9.1's base")
    sme_reserved: YuanIn = Field(description="reserved for SMEs: at least 40% of the total (A9.1)")
    small_micro_reserved: YuanIn = Field(
        description="of the SME reserve, for small and micro enterprises: at least 70% of it (A9.1)"
    )
    items: list[PlanItemIn] = Field(default_factory=list, max_length=2000, description="the plan's items (A9.2)")


class PlanItemRead(BaseModel):
    name: str = Field(description="the item's name")
    category: Category = Field(description=CATEGORIES_SAID)
    budget: FenAsYuan = Field(description="its budget")
    suits_sme: bool = Field(description="it suits SMEs")
    reserved_for_sme: bool = Field(description="reserved for SMEs only")


class ViolationRead(BaseModel):
    rule: Literal["A9.1", "A9.2"] = Field(description="the rule violated")
    measure: str = Field(description="what is measured (the SME share, the small and micro share, an item)")
    required: str = Field(description="what the rule requires")
    actual: str = Field(description="what the plan has")
    item: str | None = Field(description="the item at fault (A9.2); null for A9.1")
    detail: str = Field(description="the violation in words")


class PlanRead(BaseModel):
    id: uuid.UUID = Field(description="this version's id")
    buyer_code: str = Field(description="the unit's 统一社会信用代码")
    year: int = Field(description="the budget year")
    version: int = Field(description="1, and one more for each plan the unit submitted for the year since")
    total_budget: FenAsYuan = Field(description="the whole yearly procurement budget")
    sme_reserved: FenAsYuan = Field(description="reserved for SMEs")
    small_micro_reserved: FenAsYuan = Field(description="of which for small and micro enterprises")
    items: list[PlanItemRead] = Field(description="the plan's items")
    compliant: bool | None = Field(description="null: not checked (a year before the policy)")
    violations: list[ViolationRead] = Field(description="each rule not met, with its figures")
    reason: str | None = Field(description="why it was not checked (`before_policy`); null when it was")
    explanation: dict[str, Any] = Field(description="the A9 check explained: parameters, thresholds, shares")
    parameters_version: str = Field(description="the version of the parameter file it was checked with")
    created_at: datetime = Field(description="when this version was submitted")
