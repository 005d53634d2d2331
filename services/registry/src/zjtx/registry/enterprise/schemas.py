from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.events.registry import Sector
from zjtx.common.money import FenAsYuan, YuanIn

SECTOR_HELP = (
    "a sector of the 2011 size standard (reference.md): agriculture, industry, construction, wholesale, retail, "
    "transport, warehousing, postal, accommodation, catering, information_transmission, software, real_estate, "
    "property_management, leasing_business, other"
)


class EnterpriseCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "uscc": "91150105MA0Q4LJX27",
                    "name": "内蒙古示例乳业科技有限公司",
                    "district_code": "150105",
                    "sector": "industry",
                    "cluster": "agri_food",
                    "employees": 120,
                    "annual_revenue": "35000000.00",
                    "total_assets": "52000000.00",
                    "registered_on": "2019-05-08",
                    "park_id": None,
                }
            ]
        },
    )

    uscc: str = Field(min_length=1, max_length=40, description="统一社会信用代码, 18 characters")
    name: str = Field(min_length=1, max_length=200)
    district_code: str = Field(description="one of the 9 旗县区 codes or the 3 zone ids")
    sector: Sector = Field(description=SECTOR_HELP)
    cluster: str | None = Field(default=None, description="a code of the six clusters, or null")
    employees: int = Field(ge=0, le=10_000_000)
    annual_revenue: YuanIn = Field(description="yuan, two decimals at most")
    total_assets: YuanIn | None = Field(
        default=None, description="required for construction, real_estate and leasing_business (a size measure there)"
    )
    registered_on: date = Field(description="not after today, not before 1949-10-01; the facts hold from this day")
    park_id: uuid.UUID | None = None


class EnterpriseUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"employees": 400, "effective_on": "2024-03-01"}]},
    )

    name: str | None = Field(default=None, min_length=1, max_length=200)
    district_code: str | None = None
    sector: Sector | None = Field(default=None, description=SECTOR_HELP)
    cluster: str | None = None
    employees: int | None = Field(default=None, ge=0, le=10_000_000)
    annual_revenue: YuanIn | None = None
    total_assets: YuanIn | None = None
    park_id: uuid.UUID | None = None
    effective_on: date | None = Field(
        default=None,
        description="the day the change took effect (default today): not after today, not before the registration; "
        "an earlier date inserts the change into the history and carries it into later versions that did not "
        "change the same facts",
    )


class RecognitionSummary(BaseModel):
    id: uuid.UUID
    tier: str
    recognized_on: date
    expires_on: date
    status: str


class EnterpriseRead(BaseModel):
    uscc: str
    name: str
    district_code: str
    district_name: str
    sector: Sector
    cluster: str | None
    employees: int
    annual_revenue: FenAsYuan
    total_assets: FenAsYuan | None
    size_class: Literal["large", "medium", "small", "micro"]
    is_sme: bool
    size_explanation: dict[str, Any] | None = Field(
        description="how the size class was derived: the floors of the sector read, each check with its numbers"
    )
    effective_on: date = Field(description="the day the facts shown took effect (their version's date)")
    as_of: date | None = Field(default=None, description="the date asked for with ?as_of=, if any")
    registered_on: date
    park_id: uuid.UUID | None
    recognitions: list[RecognitionSummary]
    pools: list[str]
    credit_lists: list[str]
    created_at: datetime
    updated_at: datetime


class FactsVersionRead(BaseModel):
    """One version of an enterprise's facts: in effect from `effective_on` until the next one."""

    effective_on: date
    name: str
    district_code: str
    sector: Sector
    cluster: str | None
    employees: int
    annual_revenue: FenAsYuan
    total_assets: FenAsYuan | None
    park_id: uuid.UUID | None
    size_class: Literal["large", "medium", "small", "micro"]
    is_sme: bool
    size_explanation: dict[str, Any] | None
    changed: list[str] = Field(description="the facts this version set itself; the others carry over")


class RelocationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"moved_in_on": "2024-03-01", "moved_from": "北京市海淀区", "moved_from_division_code": "110108"}
            ]
        },
    )

    moved_in_on: date = Field(description="not after today, not before 1949-10-01")
    moved_from: str = Field(min_length=1, max_length=200, description="where the registration was before")
    moved_from_division_code: str = Field(
        pattern=r"^\d{6}$",
        description="the administrative division moved from (6 digits), outside Hohhot: not starting 1501 (A1.3)",
    )


class RelocationRead(BaseModel):
    id: uuid.UUID
    uscc: str
    moved_in_on: date
    moved_from: str
    moved_from_division_code: str | None


class ScaleReportCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=2000, le=2100)
    main_business_revenue: YuanIn
    qualified_by_licence: bool | None = Field(
        default=None,
        description="construction and real estate only (they go by licence, 资质): whether the licence makes the "
        "enterprise above scale that year",
    )


class ScaleReportCorrection(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"main_business_revenue": "18500000.00", "reason": "统计局核定数据更正"}]},
    )

    main_business_revenue: YuanIn = Field(description="the year's main-business revenue as it should have been")
    qualified_by_licence: bool | None = Field(
        default=None, description="construction and real estate only: whether the licence makes it above scale"
    )
    reason: str = Field(min_length=1, max_length=2000, description="why the report is corrected")


class ScaleReportRead(BaseModel):
    uscc: str
    year: int
    main_business_revenue: FenAsYuan
    threshold: FenAsYuan | None = Field(description="null for a sector that goes by licence")
    qualified_by_licence: bool | None = None
    above_scale: bool
    rule: str = "A4.1"
    explanation: dict[str, Any] | None = Field(default=None, description="the threshold read and the comparison")
