from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query

from zjtx.common.web.routing import Router
from zjtx.hotline.deps import AdminContext, ReadCaller
from zjtx.hotline.kpi import service
from zjtx.hotline.kpi.schemas import KpiRead, RebuildRead

router = Router(prefix="/v1", tags=["rates"])


@router.get(
    "/kpis",
    response_model=KpiRead,
    response_model_by_alias=True,
    summary="Response, resolution and satisfaction rates (A14.2), overall and per department",
)
async def get_kpis(
    caller: ReadCaller,
    from_: Annotated[date | None, Query(alias="from", description="received on or after (default: 1 January)")] = None,
    to: Annotated[date | None, Query(description="received on or before (default: today)")] = None,
    department: str | None = None,
) -> KpiRead:
    return await service.kpis(caller, start=from_, end=to, department=department)


@router.post("/admin/kpis/rebuild", response_model=RebuildRead, summary="Recompute the rates' sums from the tickets")
async def rebuild(ctx: AdminContext) -> RebuildRead:
    return RebuildRead(tickets_counted=await service.rebuild_kpis(ctx))
