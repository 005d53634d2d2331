"""POST /v1/simulate: an enterprise's recognitions and hypothetical loans in, every period's A5.1 subsidy
out with its explanation, and each 助保贷 loan's A5.2 check. The decision procedure is the live path's
(rules.subsidy.decide_year, rules.ceiling.check_ceiling) on the same LPR table; nothing is stored."""

from __future__ import annotations

from zjtx.common.clock import add_years
from zjtx.common.funding import split_funding
from zjtx.common.kit.context import Context
from zjtx.common.parameters import ParameterNotInForce
from zjtx.common.reference import tier_zh
from zjtx.common.uscc import normalise_uscc
from zjtx.common.web.funding import FundingRead
from zjtx.finance_subsidy import errors
from zjtx.finance_subsidy.lpr.repository import lpr_table
from zjtx.finance_subsidy.rules.ceiling import check_ceiling
from zjtx.finance_subsidy.rules.facts import LoanFact, PeriodFact, RecognitionFact
from zjtx.finance_subsidy.rules.subsidy import SUBSIDISED, decide_year
from zjtx.finance_subsidy.simulate.schemas import (
    SimulatedLoan,
    SimulatedPeriod,
    SimulatedYear,
    SimulateIn,
    SimulateOut,
)

SIMULATED = "(simulated)"


def _recognitions(ctx: Context, data: SimulateIn) -> list[RecognitionFact]:
    facts = []
    for r in data.recognitions:
        expires_on = r.expires_on
        if expires_on is None:
            try:
                years = ctx.parameters.in_force("recognition_validity_years", r.recognized_on).body["tiers"][r.tier]
            except ParameterNotInForce:
                raise errors.SimulationInvalid(
                    f"give expires_on for the {r.tier} of {r.recognized_on}",
                    detail_zh=f"请给出{r.recognized_on}认定的{tier_zh(r.tier)}的到期日（expires_on）",
                ) from None
            try:
                expires_on = add_years(r.recognized_on, int(years))
            except ValueError:  # past the last date a calendar holds
                raise errors.SimulationInvalid(
                    f"give expires_on for the {r.tier} of {r.recognized_on}",
                    detail_zh=f"请给出{r.recognized_on}认定的{tier_zh(r.tier)}的到期日（expires_on）",
                ) from None
        if expires_on <= r.recognized_on or (r.revoked_on is not None and r.revoked_on < r.recognized_on):
            raise errors.SimulationInvalid(
                f"the {r.tier} of {r.recognized_on} ends before it starts",
                detail_zh=f"{r.recognized_on}认定的{tier_zh(r.tier)}到期日早于认定日",
            )
        facts.append(RecognitionFact(r.tier, r.recognized_on, expires_on, r.revoked_on))
    return facts


def _check(data: SimulateIn) -> None:
    """The checks a bank's events get: loan dates in order, periods inside their loan and apart."""
    seen = set()
    for loan in data.loans:
        key = (loan.bank_code, loan.loan_id)
        if key in seen:
            raise errors.SimulationInvalid(
                f"loan {loan.bank_code}/{loan.loan_id} is given twice",
                detail_zh=f"贷款{loan.bank_code}/{loan.loan_id}重复给出",
            )
        seen.add(key)
        if loan.maturity_on <= loan.disbursed_on:
            raise errors.LoanDatesInvalid(
                f"{loan.loan_id}: maturity_on is not after disbursed_on",
                detail_zh=f"{loan.loan_id}：到期日不晚于放款日",
            )
        if loan.principal <= 0:
            raise errors.AmountInvalid(
                f"{loan.loan_id}: a loan's principal is more than 0.00", detail_zh=f"{loan.loan_id}：贷款本金应大于0.00"
            )
        periods = sorted(loan.periods, key=lambda p: p.period_start)
        for i, p in enumerate(periods):
            if p.period_end <= p.period_start:
                raise errors.PeriodInvalid(
                    f"{loan.loan_id}: {p.period_end} is not after {p.period_start}",
                    detail_zh=f"{loan.loan_id}：计息期止日{p.period_end}不晚于起日{p.period_start}",
                )
            if p.period_start < loan.disbursed_on or p.period_end > loan.maturity_on:
                raise errors.PeriodOutsideLoan(
                    f"{loan.loan_id}: {p.period_start} to {p.period_end}",
                    detail_zh=f"{loan.loan_id}：计息期{p.period_start}至{p.period_end}超出贷款期限",
                )
            if p.paid_on < loan.disbursed_on:
                raise errors.DateBeforeLoan(
                    f"{loan.loan_id}: paid_on {p.paid_on} is before the disbursement",
                    detail_zh=f"{loan.loan_id}：付息日{p.paid_on}早于放款日",
                )
            if i and periods[i - 1].period_end > p.period_start:
                raise errors.PeriodOverlaps(
                    f"{loan.loan_id}: {p.period_start} overlaps the period before",
                    detail_zh=f"{loan.loan_id}：{p.period_start}起的计息期与前一计息期重叠",
                )


async def simulate(ctx: Context, data: SimulateIn) -> SimulateOut:
    if data.district_code not in ctx.reference.divisions:
        raise errors.SimulationInvalid(
            f"unknown district or zone {data.district_code}", detail_zh=f"未知的旗县区或园区{data.district_code}"
        )
    _check(data)
    uscc = normalise_uscc(data.uscc) if data.uscc else SIMULATED
    recognitions = _recognitions(ctx, data)
    table = await lpr_table(ctx.session)
    loans = {
        (loan.bank_code, loan.loan_id): LoanFact(
            bank_code=loan.bank_code,
            loan_id=loan.loan_id,
            uscc=uscc,
            principal_fen=loan.principal,
            annual_rate=loan.annual_rate,
            disbursed_on=loan.disbursed_on,
            maturity_on=loan.maturity_on,
            purpose=loan.purpose,
            product=loan.product,
        )
        for loan in data.loans
    }
    periods = [
        PeriodFact(
            bank_code=loan.bank_code,
            loan_id=loan.loan_id,
            period_start=p.period_start,
            period_end=p.period_end,
            outstanding_fen=p.outstanding_principal,
            interest_fen=p.interest_amount,
            paid_on=p.paid_on,
        )
        for loan in data.loans
        for p in loan.periods
    ]
    out_periods: list[SimulatedPeriod] = []
    out_years: list[SimulatedYear] = []
    for year in sorted({p.year for p in periods}):
        outcome = decide_year(
            year=year, loans=loans, periods=periods, recognitions=recognitions, lpr=table, parameters=ctx.parameters
        )
        out_years.append(
            SimulatedYear(
                year=year,
                cap=outcome.cap_fen,
                used=outcome.used_fen,
                remaining=max(0, outcome.cap_fen - outcome.used_fen),
            )
        )
        for decided in outcome.periods:
            p = decided.period
            shares = (
                split_funding(
                    decided.amount_fen, district_code=data.district_code, on=p.paid_on, parameters=ctx.parameters
                )
                if decided.status == SUBSIDISED
                else []
            )
            out_periods.append(
                SimulatedPeriod(
                    bank_code=p.bank_code,
                    loan_id=p.loan_id,
                    period_start=p.period_start,
                    period_end=p.period_end,
                    paid_on=p.paid_on,
                    year=year,
                    status=decided.status,
                    code=decided.code,
                    amount=decided.amount_fen,
                    explanation=decided.decision.explanation.as_dict(),
                    funding=FundingRead.of(shares),
                )
            )
    out_loans = []
    for loan in data.loans:
        check = check_ceiling(
            loans[(loan.bank_code, loan.loan_id)], partner=loan.zhubaodai_partner, lpr=table, parameters=ctx.parameters
        )
        out_loans.append(
            SimulatedLoan(
                bank_code=loan.bank_code,
                loan_id=loan.loan_id,
                flags=check.flags if check else [],
                ceiling=check.as_dict() if check is not None else None,
            )
        )
    total = sum(p.amount for p in out_periods if p.status == SUBSIDISED)
    return SimulateOut(periods=out_periods, years=out_years, loans=out_loans, total=total)
