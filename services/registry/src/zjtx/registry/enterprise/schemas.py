from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.dates import CalendarYear
from zjtx.common.events.registry import Sector
from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.common.named import ClusterNamed, PoolsNamed, SectorNamed, TierNamed
from zjtx.common.uscc import Uscc
from zjtx.registry.fields import (
    CLUSTERS_SAID,
    DISTRICTS_SAID,
    POOLS_SAID,
    SECTORS_SAID,
    SIZE_CLASSES_SAID,
    TIERS_SAID,
    ClusterCode,
    DistrictCode,
    FactDay,
    SizeClass,
)

DISTRICT_HELP = f"its 旗县区 or zone (an unknown code is 422 `district_unknown`): {DISTRICTS_SAID}"
CLUSTER_HELP = f"its industrial cluster (产业集群; an unknown code is 422 `cluster_unknown`), or null: {CLUSTERS_SAID}"
PARK_HELP = "the industrial park it is in, by the park's `id` (an unknown one is 422 `park_unknown`), or null"
SIZE_EXPLANATION_HELP = "how the size class was derived: the floors of the sector read, each check with its numbers"


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

    uscc: Uscc = Field(description="the enterprise's 统一社会信用代码, 18 characters; unique (409 `enterprise_exists`)")
    name: str = Field(min_length=1, max_length=200, description="the registered name")
    district_code: DistrictCode = Field(description=DISTRICT_HELP, examples=["150105"])
    sector: Sector = Field(description=SECTORS_SAID)
    cluster: ClusterCode | None = Field(default=None, description=CLUSTER_HELP)
    employees: int = Field(ge=0, le=10_000_000, description="employees (从业人员), a size measure")
    annual_revenue: YuanIn = Field(description="the year's operating revenue (营业收入), yuan, a size measure")
    total_assets: YuanIn | None = Field(
        default=None, description="required for construction, real_estate and leasing_business (a size measure there)"
    )
    registered_on: FactDay = Field(description="not after today, not before 1949-10-01; the facts hold from this day")
    park_id: uuid.UUID | None = Field(default=None, description=PARK_HELP)


class EnterpriseUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"employees": 400, "effective_on": "2024-03-01"}]},
    )

    name: str | None = Field(default=None, min_length=1, max_length=200, description="the registered name")
    district_code: DistrictCode | None = Field(default=None, description=DISTRICT_HELP)
    sector: Sector | None = Field(default=None, description=SECTORS_SAID)
    cluster: ClusterCode | None = Field(default=None, description=CLUSTER_HELP)
    employees: int | None = Field(default=None, ge=0, le=10_000_000, description="employees (从业人员)")
    annual_revenue: YuanIn | None = Field(default=None, description="the year's operating revenue (营业收入), yuan")
    total_assets: YuanIn | None = Field(default=None, description="total assets (资产总额), yuan")
    park_id: uuid.UUID | None = Field(default=None, description=PARK_HELP)
    effective_on: FactDay | None = Field(
        default=None,
        description="the day the change took effect (default today): not after today, not before the registration; "
        "an earlier date inserts the change into the history and carries it into later versions that did not "
        "change the same facts",
    )


class RecognitionSummary(TierNamed):
    id: uuid.UUID = Field(description="the recognition's `id`")
    tier: str = Field(description=f"the tier: {TIERS_SAID}")
    recognized_on: date = Field(description="the day it was granted")
    expires_on: date = Field(description="the day it lapses (no longer valid on it)")
    status: str = Field(description="`valid`, `renewed`, `expired` or `revoked`")


class EnterpriseRead(SectorNamed, ClusterNamed, PoolsNamed):
    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    name: str = Field(description="the registered name")
    district_code: str = Field(description=f"its 旗县区 or zone: {DISTRICTS_SAID}")
    district_name: str = Field(description="the district's or zone's name (赛罕区, …)")
    sector: Sector = Field(description=SECTORS_SAID)
    cluster: str | None = Field(description=f"its industrial cluster, or null: {CLUSTERS_SAID}")
    employees: int = Field(description="employees (从业人员)")
    annual_revenue: FenAsYuan = Field(description="the year's operating revenue (营业收入), yuan")
    total_assets: FenAsYuan | None = Field(description="total assets (资产总额), yuan; null if not given")
    size_class: SizeClass = Field(description=SIZE_CLASSES_SAID)
    is_sme: bool = Field(description="a small or medium enterprise (中小企业): medium, small or micro")
    size_explanation: dict[str, Any] | None = Field(description=SIZE_EXPLANATION_HELP)
    effective_on: date = Field(description="the day the facts shown took effect (their version's date)")
    as_of: date | None = Field(default=None, description="the date asked for with ?as_of=, if any")
    registered_on: date = Field(description="the day it was registered")
    park_id: uuid.UUID | None = Field(description="the industrial park it is in, by the park's `id`, or null")
    recognitions: list[RecognitionSummary] = Field(description="every recognition it was granted, oldest first")
    pools: list[str] = Field(description=f"the cultivation pools it is in now: {POOLS_SAID}")
    credit_lists: list[str] = Field(description="`red` or `black`: the lists its inspections entered it on")
    created_at: datetime = Field(description="when it was registered here")
    updated_at: datetime = Field(description="when its record last changed")


class FactsVersionRead(SectorNamed, ClusterNamed):
    """One version of an enterprise's facts: in effect from `effective_on` until the next one."""

    effective_on: date = Field(description="the day this version took effect")
    name: str = Field(description="the registered name")
    district_code: str = Field(description=f"its 旗县区 or zone: {DISTRICTS_SAID}")
    sector: Sector = Field(description=SECTORS_SAID)
    cluster: str | None = Field(description=f"its industrial cluster, or null: {CLUSTERS_SAID}")
    employees: int = Field(description="employees (从业人员)")
    annual_revenue: FenAsYuan = Field(description="the year's operating revenue (营业收入), yuan")
    total_assets: FenAsYuan | None = Field(description="total assets (资产总额), yuan; null if not given")
    park_id: uuid.UUID | None = Field(description="the industrial park it was in, by the park's `id`, or null")
    size_class: SizeClass = Field(description=SIZE_CLASSES_SAID)
    is_sme: bool = Field(description="a small or medium enterprise (中小企业) under these facts")
    size_explanation: dict[str, Any] | None = Field(description=SIZE_EXPLANATION_HELP)
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

    moved_in_on: FactDay = Field(description="the day the registration moved in: not after today")
    moved_from: str = Field(min_length=1, max_length=200, description="where the registration was before")
    moved_from_division_code: str = Field(
        pattern=r"^\d{6}$",
        description="the administrative division moved from (6 digits), outside Hohhot: not starting 1501 (A1.3)",
    )


class RelocationRead(BaseModel):
    id: uuid.UUID = Field(description="the relocation's `id`")
    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    moved_in_on: date = Field(description="the day the registration moved into Hohhot")
    moved_from: str = Field(description="where the registration was before")
    moved_from_division_code: str | None = Field(description="the administrative division moved from (6 digits)")


class ScaleReportCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"year": 2024, "main_business_revenue": "21000000.00"}]},
    )

    year: CalendarYear = Field(description="the year reported: a completed year (422 `year_in_future` otherwise)")
    main_business_revenue: YuanIn = Field(description="the year's main-business revenue (主营业务收入), yuan")
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
    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    year: int = Field(description="the year reported")
    main_business_revenue: FenAsYuan = Field(description="the year's main-business revenue, yuan")
    threshold: FenAsYuan | None = Field(
        description="the A4.1 threshold read, yuan; null for a sector that goes by licence"
    )
    qualified_by_licence: bool | None = Field(
        default=None, description="as reported, for a sector that goes by licence"
    )
    above_scale: bool = Field(description="above scale (规模以上) that year (A4.1)")
    rule: str = Field(default="A4.1", description="the rule applied")
    explanation: dict[str, Any] | None = Field(default=None, description="the threshold read and the comparison")
