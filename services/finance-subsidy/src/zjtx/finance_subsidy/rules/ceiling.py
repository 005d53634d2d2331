"""A5.2: a 助保贷 loan of a partner bank is at no more than the 1-year LPR on the disbursement date plus
100 basis points ("no more than" includes the ceiling: LPR 3.10 → 4.10 is allowed, 4.11 is not). A loan
above it is flagged as a violation and gets no 助保贷 cover (A5.3); repricing is not checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zjtx.common.lpr import LprTable, LprUnknown
from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Decision, RuleContext
from zjtx.finance_subsidy.rules.facts import LoanFact
from zjtx.finance_subsidy.rules.lpr import lpr_on
from zjtx.finance_subsidy.rules.reasons import refuse

RULE = "A5.2"
ZHUBAODAI = "zhubaodai"

# What the check came to, kept on the loan.
WITHIN = "within_ceiling"
ABOVE = "rate_above_ceiling"
NOT_PARTNER = "not_zhubaodai_partner"
BEFORE_POLICY = "before_policy"
WAITING_LPR = "waiting_lpr"


@dataclass(frozen=True)
class CeilingCheck:
    status: str
    decision: Decision
    ceiling: Decimal | None = None
    lpr: Decimal | None = None
    lpr_published_on: date | None = None

    @property
    def covered(self) -> bool:
        """Whether the loan has the 助保贷 cover of A5.3."""
        return self.status == WITHIN

    def as_dict(self) -> dict:
        """As a loan keeps and shows it: the status, the ceiling and the LPR (and its date) it is from."""
        return {
            "status": self.status,
            "ceiling": f"{self.ceiling:.2f}" if self.ceiling is not None else None,
            "lpr": f"{self.lpr:.2f}" if self.lpr is not None else None,
            "lpr_published_on": self.lpr_published_on.isoformat() if self.lpr_published_on else None,
            "explanation": self.decision.explanation.as_dict(),
        }

    @property
    def flags(self) -> list[str]:
        """The flags the loan carries: a violation (A5.2), or a 助保贷 loan of a bank that is no partner."""
        return [self.status] if self.status in (ABOVE, NOT_PARTNER) else []


def check_ceiling(loan: LoanFact, *, partner: bool, lpr: LprTable, parameters: ParameterFile) -> CeilingCheck | None:
    """The A5.2 check of a 助保贷 loan; None for another product."""
    if loan.product != ZHUBAODAI:
        return None
    ctx = RuleContext(RULE, parameters, loan.disbursed_on)
    ctx.inputs(
        bank_code=loan.bank_code,
        loan_id=loan.loan_id,
        annual_rate=f"{loan.annual_rate}",
        disbursed_on=loan.disbursed_on,
    )
    too_early = ctx.before_policy()
    if too_early:
        return CeilingCheck(
            BEFORE_POLICY,
            refuse(ctx, BEFORE_POLICY, f"disbursed on {too_early}", f"放款日{ctx.before_policy_zh()}"),
        )
    ctx.explanation.article = parameters.in_force("zhubaodai_rate_ceiling", loan.disbursed_on).article
    if not partner:
        reason = f"{loan.bank_code} is not a 助保贷 partner bank: the loan has no 助保贷 cover"
        reason_zh = f"{loan.bank_code}不是助保贷合作银行：该贷款不享受助保贷政策"
        return CeilingCheck(NOT_PARTNER, refuse(ctx, NOT_PARTNER, reason, reason_zh))
    try:
        publication = lpr_on(lpr, loan.disbursed_on, parameters)
    except LprUnknown as exc:
        return CeilingCheck(
            WAITING_LPR,
            refuse(ctx, "lpr_unknown", exc.detail, f"放款日{loan.disbursed_on}适用的LPR尚未获取，待公布后再核对"),
        )
    points = ctx.integer("zhubaodai_rate_ceiling", "basis_points")
    ceiling = publication.one_year + Decimal(points) / 100
    ctx.inputs(lpr=f"{publication.one_year:.2f}", lpr_published_on=publication.published_on)
    ctx.step(
        f"ceiling = 1-year LPR {publication.one_year:.2f}% (published {publication.published_on}, in force on the "
        f"disbursement date {loan.disbursed_on}) + {points} bp = {ceiling:.2f}%",
        zh=f"利率上限 = 1年期LPR {publication.one_year:.2f}%（{publication.published_on}公布，放款日"
        f"{loan.disbursed_on}适用）+ {points}个基点 = {ceiling:.2f}%",
    )
    found = {"ceiling": ceiling, "lpr": publication.one_year, "lpr_published_on": publication.published_on}
    if loan.annual_rate <= ceiling:
        ctx.step(
            f"{loan.annual_rate}% ≤ {ceiling:.2f}%: within the ceiling",
            zh=f"{loan.annual_rate}% ≤ {ceiling:.2f}%：未超过利率上限",
        )
        return CeilingCheck(WITHIN, ctx.decide(0, dedup_key=None, monetary=False), **found)
    reason = f"{loan.annual_rate}% > {ceiling:.2f}%: above the ceiling, not covered as 助保贷"
    reason_zh = f"{loan.annual_rate}% > {ceiling:.2f}%：超过利率上限，不按助保贷支持"
    return CeilingCheck(ABOVE, refuse(ctx, ABOVE, reason, reason_zh), **found)
