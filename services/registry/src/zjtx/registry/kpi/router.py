from __future__ import annotations

from typing import Annotated

from fastapi import Query

from zjtx.common.dates import LAST_DAY
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.routing import Router
from zjtx.registry.deps import ReadContext
from zjtx.registry.kpi import service
from zjtx.registry.kpi.schemas import KpiReport

router = Router(prefix="/v1/kpis", tags=["kpis"])

KpiYear = Annotated[
    int,
    Query(
        ge=2022,
        le=LAST_DAY.year,
        description=f"the calendar year, 2022 (the policy's first) to {LAST_DAY.year}; a year not ended yet "
        "counts what is recorded so far",
    ),
]


@router.get("", response_model=KpiReport, summary="The policy's yearly targets: actual against target")
async def kpis(ctx: ReadContext, year: KpiYear, language: ReaderLanguage) -> KpiReport:
    """Each yearly target of the policy (A1, A4, A8, A12, …) with what the registry's records count for the
    year against it, the rule id it comes from and how the figure is counted; A12 over 3-year windows, the
    first 2022-2024, then rolling. Names, units, labels and definitions in Chinese, in English with
    `Accept-Language: en`."""
    return await service.kpis_for_year(ctx, year=year, language=language)
