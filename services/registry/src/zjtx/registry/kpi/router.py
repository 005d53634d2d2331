from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from zjtx.common.kit import TransactionalRoute
from zjtx.registry.deps import ReadContext
from zjtx.registry.kpi import service
from zjtx.registry.kpi.schemas import KpiReport

router = APIRouter(prefix="/v1/kpis", tags=["kpis"], route_class=TransactionalRoute)


@router.get("", response_model=KpiReport, summary="The policy's yearly targets: actual against target")
async def kpis(ctx: ReadContext, year: Annotated[int, Query(ge=2022, le=2100)]) -> KpiReport:
    return await service.kpis_for_year(ctx, year=year)
