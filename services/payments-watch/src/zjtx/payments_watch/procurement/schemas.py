from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.payments_watch.schemas import PositiveYuan

Category = Literal["goods", "services", "works"]


class PlanItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    category: Category
    budget: PositiveYuan
    suits_sme: bool = Field(description="适宜由中小企业提供")
    reserved_for_sme: bool = Field(description="专门面向中小企业采购")


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

    buyer_code: str = Field(min_length=1, max_length=40)
    year: int = Field(ge=2000, le=2100)
    total_budget: YuanIn = Field(description="the unit's whole yearly procurement budget")
    sme_reserved: YuanIn
    small_micro_reserved: YuanIn
    items: list[PlanItemIn] = Field(default_factory=list, max_length=2000)


class PlanItemRead(BaseModel):
    name: str
    category: Category
    budget: FenAsYuan
    suits_sme: bool
    reserved_for_sme: bool


class ViolationRead(BaseModel):
    rule: Literal["A9.1", "A9.2"]
    measure: str
    required: str
    actual: str
    item: str | None
    detail: str


class PlanRead(BaseModel):
    id: uuid.UUID
    buyer_code: str
    year: int
    version: int
    total_budget: FenAsYuan
    sme_reserved: FenAsYuan
    small_micro_reserved: FenAsYuan
    items: list[PlanItemRead]
    compliant: bool | None = Field(description="null: not checked (a year before the policy)")
    violations: list[ViolationRead]
    reason: str | None
    explanation: dict[str, Any]
    parameters_version: str
    created_at: datetime
