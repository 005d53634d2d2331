from __future__ import annotations

from zjtx.common.rules import localised
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.routing import Router, problems
from zjtx.payments_watch import errors
from zjtx.payments_watch.deps import AsOf, BuyerCodePath, ReadContext
from zjtx.payments_watch.risk import service
from zjtx.payments_watch.risk.schemas import RiskRead, RiskTermRead

router = Router(prefix="/v1/buyers", tags=["buyers"])


@router.get(
    "/{code}/risk",
    response_model=RiskRead,
    summary="A10.5: the buyer's risk score and level on a date",
    responses=problems(InvalidUSCC, errors.BuyerNotFound, errors.BeforePolicy),
)
async def get_risk(code: BuyerCodePath, ctx: ReadContext, language: ReaderLanguage, as_of: AsOf = None) -> RiskRead:
    """A10.5 (事前预防: units with arrears screened for high risk): score 0-100 = 40 × min(1, overdue amount ÷
    1,000,000) + 30 × min(1, longest days overdue ÷ 90) + 20 × min(1, overdue contracts ÷ 5) + 10 × min(1, arrears
    complaints in the last 12 months ÷ 3); low < 30 ≤ medium < 60 ≤ high. Weights, scales and cut-offs are
    parameters; every term is shown. A day before the rule's parameters start is 422 `before_policy`."""
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
        explanation=localised(decision.explanation.as_dict(), language),
    )
