from __future__ import annotations

from typing import Annotated

from fastapi import Query

from zjtx.common.web.routing import Router, Year
from zjtx.finance_subsidy.deps import ReadContext
from zjtx.finance_subsidy.kpi import service
from zjtx.finance_subsidy.kpi.schemas import KpisRead

router = Router(prefix="/v1/kpis", tags=["kpis"])

KpiYear = Annotated[Year, Query(description="the calendar year of the figures (1949 to 2099)")]


@router.get("", response_model=KpisRead, summary="Access to finance for a year: subsidies, banks, 助保贷 and the pool")
async def kpis(year: KpiYear, ctx: ReadContext) -> KpisRead:
    """The access-to-finance measures this service holds for A15.1's evaluation: A5.1 subsidies computed and
    paid for the year's interest, enterprises reached, loans and volume per bank, and 助保贷 volume against
    the A5.3 risk pool (leverage = outstanding ÷ balance)."""
    return await service.kpis(ctx, year=year)
