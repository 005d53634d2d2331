from __future__ import annotations

from zjtx.common.rules import localised
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.routing import Router, problems
from zjtx.finance_subsidy import errors
from zjtx.finance_subsidy.deps import ReadContext
from zjtx.finance_subsidy.simulate import service
from zjtx.finance_subsidy.simulate.schemas import SimulateIn, SimulateOut

router = Router(prefix="/v1/simulate", tags=["calculator"])


@router.post(
    "",
    response_model=SimulateOut,
    summary="The A5 calculator: subsidies of hypothetical loans; stores nothing",
    responses=problems(
        InvalidUSCC,
        errors.SimulationInvalid,
        errors.LoanDatesInvalid,
        errors.AmountInvalid,
        errors.PeriodInvalid,
        errors.PeriodOutsideLoan,
        errors.DateBeforeLoan,
        errors.PeriodOverlaps,
    ),
)
async def simulate(body: SimulateIn, ctx: ReadContext, language: ReaderLanguage) -> SimulateOut:
    """An enterprise's recognitions and hypothetical loans with their interest periods in; each period's A5.1
    subsidy (with the live service's decision procedure and parameters: 50% of the 1-year LPR on the
    disbursement date, actual/360, at most the interest paid, 500,000.00 a year), each year's cap, each
    loan's A5.2 check, and the F.1 split out. Nothing is stored or published. The loans are checked as a
    bank's events are (dates in order, periods inside their loan and apart)."""
    out = await service.simulate(ctx, body)
    # the service answers in both languages; the reader is shown its own
    for period in out.periods:
        period.explanation = localised(period.explanation, language)
    for loan in out.loans:
        if loan.ceiling is not None:
            loan.ceiling["explanation"] = localised(loan.ceiling["explanation"], language)
    return out
