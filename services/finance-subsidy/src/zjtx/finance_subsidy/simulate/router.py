from __future__ import annotations

from zjtx.common.web.routing import Router
from zjtx.finance_subsidy.deps import ReadContext
from zjtx.finance_subsidy.simulate import service
from zjtx.finance_subsidy.simulate.schemas import SimulateIn, SimulateOut

router = Router(prefix="/v1/simulate", tags=["calculator"])


@router.post(
    "", response_model=SimulateOut, summary="The A5 calculator: subsidies of hypothetical loans; stores nothing"
)
async def simulate(body: SimulateIn, ctx: ReadContext) -> SimulateOut:
    return await service.simulate(ctx, body)
