"""A5.1: the interest subsidy of a 小巨人's production and operating loans, per interest period.

subsidy = outstanding principal × (1-year LPR on the disbursement date × 50%) × days / 360, rounded
half-up to the fen, never more than the interest paid for the period; over all its loans, an
enterprise gets at most 500,000.00 a calendar year (the year the interest was paid), the periods
taking the cap in the order of payment. Eligible: a valid 小巨人 recognition on the disbursement date
(an expiry later does not stop the subsidy; a revocation stops it for periods ending after it), a
disbursement on or after the policy's start, and a production or operating purpose."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from zjtx.common.lpr import LprTable, LprUnknown
from zjtx.common.money import round_half_up_to_fen
from zjtx.common.parameters import ParameterFile, ParameterNotInForce
from zjtx.common.reference import tier_zh
from zjtx.common.rules import Decision, RuleContext, yuan
from zjtx.finance_subsidy.rules.facts import PURPOSE_NAMES, LoanFact, PeriodFact, RecognitionFact, payment_order
from zjtx.finance_subsidy.rules.lpr import lpr_on
from zjtx.finance_subsidy.rules.reasons import refuse

RULE = "A5.1"

# What a period's decision came to.
SUBSIDISED = "subsidised"
REFUSED = "refused"
WAITING_LPR = "waiting_lpr"  # the LPR on the disbursement date is not known yet: decided once it is
CLOSED = "closed"  # reviewers rejected its subsidy: it keeps what was paid and gets nothing more


@dataclass(frozen=True)
class PeriodOutcome:
    period: PeriodFact
    status: str
    code: str | None  # why not subsidised, a stable code: before_policy, purpose_not_production, ...
    amount_fen: int  # what the period is entitled to after the interest limit and the yearly cap
    decision: Decision


@dataclass(frozen=True)
class YearOutcome:
    year: int
    cap_fen: int
    periods: list[PeriodOutcome] = field(default_factory=list)
    used_before: int = 0

    @property
    def used_fen(self) -> int:
        return self.used_before + sum(p.amount_fen for p in self.periods)


def decide_year(
    *,
    year: int,
    loans: Mapping[tuple[str, str], LoanFact],
    periods: Sequence[PeriodFact],
    recognitions: Sequence[RecognitionFact],
    lpr: LprTable,
    parameters: ParameterFile,
    used_before: int = 0,
) -> YearOutcome:
    """Every period whose interest was paid in `year`, in the order of payment, each taking what is left
    of the enterprise's yearly cap. The same facts give the same outcome, whatever order they came in.

    `periods` may be the year's periods from one on (in the order of payment): those before it are not
    changed by what comes after them, and `used_before` is what they took of the cap."""
    cap: Cap | None = None
    try:
        cap = yearly_cap(parameters, year)
        cap_fen = cap.amount_fen
    except ParameterNotInForce:  # a year before the policy: its periods are refused (before_policy)
        cap_fen = 0
    outcomes: list[PeriodOutcome] = []
    used = used_before
    for period in sorted((p for p in periods if p.year == year), key=payment_order):
        outcome = decide_period(
            loans[period.loan_key],
            period,
            recognitions,
            lpr=lpr,
            parameters=parameters,
            cap_used_before=used,
            cap=cap,  # the year's, read once for all its periods
        )
        used += outcome.amount_fen
        outcomes.append(outcome)
    return YearOutcome(year, cap_fen, outcomes, used_before)


@dataclass(frozen=True)
class Cap:
    amount_fen: int
    context: RuleContext


@functools.lru_cache(maxsize=64)
def yearly_cap(parameters: ParameterFile, year: int) -> Cap:
    """The cap of a calendar year: the value in force on its 1 January. Kept per parameter file (loaded
    once, never changed) and year: a Cap is only read (its amount, the parameter read it cites)."""
    ctx = RuleContext(RULE, parameters, date(year, 1, 1))
    return Cap(ctx.yuan("interest_subsidy_cap", "cap_per_year"), ctx)


def decide_period(
    loan: LoanFact,
    period: PeriodFact,
    recognitions: Sequence[RecognitionFact],
    *,
    lpr: LprTable,
    parameters: ParameterFile,
    cap_used_before: int,
    cap: Cap | None = None,
) -> PeriodOutcome:
    """A5.1 for one period; `cap`: the yearly cap of the year it was paid in, when the caller has it."""
    ctx = RuleContext(RULE, parameters, loan.disbursed_on)
    ctx.inputs(
        uscc=loan.uscc,
        bank_code=loan.bank_code,
        loan_id=loan.loan_id,
        principal=yuan(loan.principal_fen),
        purpose=loan.purpose,
        disbursed_on=loan.disbursed_on,
        period_start=period.period_start,
        period_end=period.period_end,
        outstanding_principal=yuan(period.outstanding_fen),
        interest_paid=yuan(period.interest_fen),
        paid_on=period.paid_on,
    )

    def refused(code: str, reason: str, zh: str, status: str = REFUSED, amount_fen: int = 0) -> PeriodOutcome:
        return PeriodOutcome(period, status, code, amount_fen, refuse(ctx, code, reason, zh))

    if period.closed_fen is not None:
        ctx.step(
            f"closed by review ({period.closed_reason or 'rejected'}): keeps {yuan(period.closed_fen)}",
            zh=f"审核已结案（{period.closed_reason or '驳回'}）：保留已拨付的{yuan(period.closed_fen)}元",
        )
        return refused(
            "closed_by_review",
            period.closed_reason or "the subsidy was rejected",
            period.closed_reason or "贴息申请已被驳回",
            CLOSED,
            period.closed_fen,
        )
    too_early = ctx.before_policy()
    if too_early:
        return refused("before_policy", f"disbursed on {too_early}", f"放款日{ctx.before_policy_zh()}")
    ctx.explanation.article = parameters.in_force("interest_subsidy_rate", loan.disbursed_on).article
    purposes = ctx.value("interest_subsidy_eligibility", "purposes")
    if loan.purpose not in purposes:
        return refused(
            "purpose_not_production",
            f"the loan's purpose is {loan.purpose}; production and operating loans are {', '.join(purposes)}",
            f"贷款用途为{_purpose_zh(loan.purpose)}，不属于生产经营性贷款（{'、'.join(map(_purpose_zh, purposes))}）",
        )
    tiers = ctx.value("interest_subsidy_eligibility", "tiers")
    held = [r for r in recognitions if r.tier in tiers and r.valid_on(loan.disbursed_on)]
    if not held:
        return refused(
            "not_little_giant",
            _why_not_held(recognitions, tiers, loan.disbursed_on),
            _why_not_held_zh(recognitions, tiers, loan.disbursed_on),
        )
    ctx.inputs(recognition=held[0].describe())
    revoked = revocation_stop(recognitions, tiers, after=loan.disbursed_on)
    if revoked is not None and period.period_end > revoked.revoked_on:
        return refused(
            "recognition_revoked",
            f"{revoked.tier} revoked on {revoked.revoked_on}; the period ends on {period.period_end}, after it "
            "(a revocation stops the subsidy for periods ending after it)",
            f"{tier_zh(revoked.tier)}认定已于{revoked.revoked_on}撤销；本计息期截至{period.period_end}，晚于撤销日"
            "（撤销后结束的计息期不再贴息）",
        )
    if revoked is not None:
        ctx.step(
            f"{revoked.tier} revoked on {revoked.revoked_on}; the period ends on {period.period_end}, not after it",
            zh=f"{tier_zh(revoked.tier)}认定于{revoked.revoked_on}撤销；本计息期截至{period.period_end}，不晚于撤销日",
        )
    try:
        publication = lpr_on(lpr, loan.disbursed_on, parameters)
    except LprUnknown as exc:
        return refused(
            "lpr_unknown", exc.detail, f"放款日{loan.disbursed_on}适用的LPR尚未获取，待公布后再计算", WAITING_LPR
        )
    ctx.value("lpr_horizon", "days")  # recorded: the table was read within its horizon
    share = ctx.rate("interest_subsidy_rate", "lpr_share")
    basis = ctx.integer("interest_day_count", "days_per_year")
    rate = publication.one_year * share  # percent a year
    ctx.inputs(lpr=f"{publication.one_year:.2f}", lpr_published_on=publication.published_on)
    days = period.days
    exact = Decimal(period.outstanding_fen) * rate / 100 * days / basis
    computed = round_half_up_to_fen(exact)
    ctx.step(
        f"days = {period.period_end} − {period.period_start} = {days}",
        zh=f"计息天数 = {period.period_end} − {period.period_start} = {days}天",
    )
    ctx.step(
        f"rate = 1-year LPR {publication.one_year:.2f}% (published {publication.published_on}, in force on the "
        f"disbursement date {loan.disbursed_on}) × {_percent(share * 100)}% = {_percent(rate)}%",
        zh=f"贴息利率 = 1年期LPR {publication.one_year:.2f}%（{publication.published_on}公布，放款日"
        f"{loan.disbursed_on}适用）× {_percent(share * 100)}% = {_percent(rate)}%",
    )
    ctx.step(
        f"{yuan(period.outstanding_fen)} × {_percent(rate)}% × {days} / {basis} = {_exact(exact)} "
        f"→ {yuan(computed)} (half-up to the fen)",
        zh=f"贴息 = 贷款余额{yuan(period.outstanding_fen)}元 × {_percent(rate)}% × {days} / {basis} = "
        f"{_exact(exact)}元 → {yuan(computed)}元（四舍五入到分）",
    )
    limited = min(computed, period.interest_fen)
    if period.interest_fen < computed:
        ctx.cap(
            f"interest paid {yuan(period.interest_fen)} < {yuan(computed)}: limited to the interest paid",
            zh=f"实付利息{yuan(period.interest_fen)}元 < {yuan(computed)}元：以实付利息为限",
        )
    else:
        ctx.cap(
            f"interest paid {yuan(period.interest_fen)} ≥ {yuan(computed)}: not limited",
            zh=f"实付利息{yuan(period.interest_fen)}元 ≥ {yuan(computed)}元：不受限",
        )
    if cap is None:
        cap = yearly_cap(parameters, period.year)
    ctx.explanation.parameters.extend(cap.context.explanation.parameters)
    remaining = max(0, cap.amount_fen - cap_used_before)
    amount = min(limited, remaining)
    verdict = "not capped" if amount == limited else f"capped to {yuan(amount)}"
    verdict_zh = "未触及上限" if amount == limited else f"按上限核减为{yuan(amount)}元"
    ctx.cap(
        f"yearly cap {yuan(cap.amount_fen)} for {period.year} (the year the interest was paid): used by periods "
        f"paid before {yuan(cap_used_before)}, remaining {yuan(remaining)}: {verdict}",
        zh=f"{period.year}年（付息年度）贴息上限{yuan(cap.amount_fen)}元：此前计息期已用{yuan(cap_used_before)}元，"
        f"剩余{yuan(remaining)}元：{verdict_zh}",
    )
    ctx.inputs(yearly_cap=yuan(cap.amount_fen), yearly_cap_used_before=yuan(cap_used_before))
    if period.interest_fen == 0:
        return refused(
            "no_interest_paid", "the bank reports no interest paid for the period", "银行报送本计息期未付利息"
        )
    if amount == 0:
        return refused(
            "yearly_cap_reached",
            f"the yearly cap of {yuan(cap.amount_fen)} for {period.year} is used up",
            f"{period.year}年度贴息上限{yuan(cap.amount_fen)}元已用完",
        )
    return PeriodOutcome(period, SUBSIDISED, None, amount, ctx.decide(amount, dedup_key=None))


def revocation_stop(
    recognitions: Sequence[RecognitionFact], tiers: Sequence[str], *, after: date
) -> RecognitionFact | None:
    """The first revocation after `after` that left the enterprise without a valid 小巨人 recognition (a
    revoked one while another still holds takes nothing away); None when there is none."""
    eligible = [r for r in recognitions if r.tier in tiers]
    for revoked in sorted((r for r in eligible if r.revoked_on and r.revoked_on > after), key=lambda r: r.revoked_on):
        if not any(other is not revoked and other.valid_on(revoked.revoked_on) for other in eligible):
            return revoked
    return None


def _why_not_held(recognitions: Sequence[RecognitionFact], tiers: Sequence[str], day: date) -> str:
    eligible = [r for r in recognitions if r.tier in tiers]
    base = f"no valid 小巨人 recognition ({', '.join(tiers)}) on the disbursement date {day}"
    later = [r for r in eligible if r.recognized_on > day]
    if later:
        return f"{base}: {later[0].tier} was recognised on {later[0].recognized_on}, after the disbursement"
    if eligible:
        return f"{base}: held {'; '.join(r.describe() for r in eligible)}"
    return base


def _why_not_held_zh(recognitions: Sequence[RecognitionFact], tiers: Sequence[str], day: date) -> str:
    """`_why_not_held` as a Chinese reader reads it."""
    eligible = [r for r in recognitions if r.tier in tiers]
    base = f"放款日{day}未持有有效的小巨人认定（{'、'.join(map(tier_zh, tiers))}）"
    later = [r for r in eligible if r.recognized_on > day]
    if later:
        return f"{base}：{tier_zh(later[0].tier)}于{later[0].recognized_on}认定，晚于放款日"
    if eligible:
        return f"{base}：所持认定为{'；'.join(r.describe_zh() for r in eligible)}"
    return base


def _percent(value: Decimal) -> str:
    """3.4500 → 3.45, 1.7250 → 1.725, 50.00 → 50."""
    text = f"{value.normalize():f}"
    return text


def _exact(fen: Decimal) -> str:
    """An exact amount of yuan before rounding, as many places as it has (at least two)."""
    value = (fen / 100).normalize()
    places = max(2, -value.as_tuple().exponent) if isinstance(value.as_tuple().exponent, int) else 2
    return f"{value:,.{min(places, 6)}f}"


def _purpose_zh(purpose: str) -> str:
    return PURPOSE_NAMES.get(purpose, purpose)
