"""A5.3: the risk pool's 30% compensation of a 助保贷 loan's default, and the same share of each later
recovery back to the pool. Compensation = 30% × the principal outstanding at default, paid at default
(or, when the pool cannot pay it, first-in first-out as deposits arrive); interest is not covered."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Decision, RuleContext, percentage_of, yuan
from zjtx.finance_subsidy.rules.reasons import refuse

RULE = "A5.3"


def compensation_for_default(
    *,
    bank_code: str,
    loan_id: str,
    outstanding_fen: int,
    defaulted_on: date,
    disbursed_on: date,
    cover: str | None,
    parameters: ParameterFile,
) -> tuple[Decision, Decimal | None]:
    """The compensation of a default and the rate it was computed at (recoveries return the same share).
    `cover` is why the loan has no 助保贷 cover (None when it has it)."""
    ctx = RuleContext(RULE, parameters, disbursed_on)
    ctx.inputs(
        bank_code=bank_code,
        loan_id=loan_id,
        outstanding_at_default=yuan(outstanding_fen),
        defaulted_on=defaulted_on,
        disbursed_on=disbursed_on,
    )
    too_early = ctx.before_policy()
    if too_early:
        return refuse(ctx, "before_policy", f"disbursed on {too_early}", f"放款日{ctx.before_policy_zh()}"), None
    ctx.explanation.article = parameters.in_force("risk_compensation", disbursed_on).article
    if cover is not None:
        return refuse(ctx, "not_covered", cover, f"该贷款不享受助保贷风险补偿（{cover}）"), None
    rate = ctx.rate("risk_compensation", "rate")
    amount = percentage_of(outstanding_fen, rate)
    ctx.step(
        f"{rate * 100:.0f}% × principal outstanding at default {yuan(outstanding_fen)} = {yuan(amount)}",
        zh=f"风险补偿 = {rate * 100:.0f}% × 代偿时未还本金{yuan(outstanding_fen)}元 = {yuan(amount)}元",
    )
    ctx.step("interest is not covered", zh="利息不予补偿")
    return ctx.decide(amount, dedup_key=None), rate


def recovery_share(amount_fen: int, rate: Decimal) -> int:
    """The pool's share of an amount recovered after a default: the compensation's rate, half-up to the fen."""
    return percentage_of(amount_fen, rate)
