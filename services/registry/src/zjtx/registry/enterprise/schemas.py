from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.money import FenAsYuan, YuanIn

Sector = Literal["industry", "software", "wholesale", "retail", "other"]


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
    sector: Sector
    cluster: str | None = Field(default=None, description="a code of the six clusters, or null")
    employees: int = Field(ge=0, le=10_000_000)
    annual_revenue: YuanIn = Field(description="yuan, two decimals at most")
    total_assets: YuanIn | None = None
    registered_on: date
    park_id: uuid.UUID | None = None


class EnterpriseUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    district_code: str | None = None
    sector: Sector | None = None
    cluster: str | None = None
    employees: int | None = Field(default=None, ge=0, le=10_000_000)
    annual_revenue: YuanIn | None = None
    total_assets: YuanIn | None = None
    park_id: uuid.UUID | None = None


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
    registered_on: date
    park_id: uuid.UUID | None
    recognitions: list[RecognitionSummary]
    pools: list[str]
    credit_lists: list[str]
    created_at: datetime
    updated_at: datetime


class RelocationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    moved_in_on: date
    moved_from: str = Field(min_length=1, max_length=200, description="where the registration was before")
    moved_from_division_code: str | None = Field(default=None, pattern=r"^\d{6}$")


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


class ScaleReportRead(BaseModel):
    uscc: str
    year: int
    main_business_revenue: FenAsYuan
    threshold: FenAsYuan
    above_scale: bool
    rule: str = "A4.1"
    explanation: dict[str, Any] | None = Field(default=None, description="the threshold read and the comparison")
