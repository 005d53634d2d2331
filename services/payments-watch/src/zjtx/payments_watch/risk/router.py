from __future__ import annotations

from zjtx.common.web.routing import Router
from zjtx.payments_watch.deps import AsOf, ReadContext
from zjtx.payments_watch.risk import service
from zjtx.payments_watch.risk.schemas import RiskRead, RiskTermRead

router = Router(prefix="/v1/buyers", tags=["buyers"])


@router.get("/{code}/risk", response_model=RiskRead, summary="A10.5: the buyer's risk score and level on a date")
async def get_risk(code: str, ctx: ReadContext, as_of: AsOf = None) -> RiskRead:
    buyer, decision = await service.risk_of(ctx, code, as_of=as_of)
    return RiskRead(
        buyer_code=buyer.code,
        name=buyer.name,
        as_of=decision.as_of,
        score=decision.score,
        level=decision.level,
        terms=[
            RiskTermRead(name=t.name, value=t.value, scale=t.scale, weight=t.weight, points=t.points)
            for t in decision.terms
        ],
        parameters_version=decision.parameters_version,
        explanation=decision.explanation.as_dict(),
    )
