from __future__ import annotations

from zjtx.common.web.routing import Router
from zjtx.finance_subsidy.deps import ReadContext, Year
from zjtx.finance_subsidy.kpi import service
from zjtx.finance_subsidy.kpi.schemas import KpisRead

router = Router(prefix="/v1/kpis", tags=["kpis"])


@router.get("", response_model=KpisRead, summary="Access to finance for a year: subsidies, banks, 助保贷 and the pool")
async def kpis(year: Year, ctx: ReadContext) -> KpisRead:
    return await service.kpis(ctx, year=year)
