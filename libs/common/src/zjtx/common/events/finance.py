"""Events the finance-subsidy service publishes: interest subsidies (A5.1) through the approval
workflow, 助保贷 rate violations (A5.2), risk compensation and recoveries (A5.3), LPR publications.
Keys: the enterprise's USCC for subsidies, `<bank_code>/<loan_id>` for a loan's events, `lpr` for the
rate. The registry keeps those about an enterprise in its history."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from zjtx.common.events import EventContract, contract
from zjtx.common.events.awards import FundingShare

SUBSIDY_TOPIC = "finance.subsidy"
LOAN_TOPIC = "finance.loan"
COMPENSATION_TOPIC = "finance.compensation"
RECOVERY_TOPIC = "finance.recovery"
LPR_TOPIC = "finance.lpr"


class SubsidyEvent(BaseModel):
    """computed / reviewed / approved / rejected / disbursed / revoked / recovery_flagged v1: one interest
    period's subsidy (A5.1). A subsidy whose facts changed before it was paid is revoked with the reason
    (and `supersedes` names it on the one computed in its place); a paid one is flagged for recovery of
    `recovery_due` (RULES: "Order does not matter"). `reason_zh` (optional, still v1): the reason in
    Chinese where the service gave it (a revocation); null for a reason a person typed (a rejection),
    which reads as typed, and on events of before it was sent. `recovery_reason` / `recovery_reason_zh`
    (optional, still v1): why a paid subsidy is flagged for recovery, in English and Chinese (`reason` is
    its closing reason, none for a paid one); null when nothing is due back, and on events of before."""

    subsidy_id: uuid.UUID
    uscc: str
    bank_code: str
    loan_id: str
    rule: str  # A5.1
    amount: Decimal
    status: str
    period_start: date
    period_end: date
    district_code: str | None = None
    funding: list[FundingShare] = []
    reason: str | None = None
    payment_reference: str | None = None
    paid_on: date | None = None
    supersedes: uuid.UUID | None = None
    recovery_due: Decimal | None = None
    reason_zh: str | None = None
    recovery_reason: str | None = None
    recovery_reason_zh: str | None = None


class RateViolationFlagged(BaseModel):
    """rate_violation_flagged v1 (A5.2): a 助保贷 loan above LPR + 100 basis points."""

    uscc: str
    bank_code: str
    loan_id: str
    annual_rate: Decimal  # percent a year
    ceiling: Decimal  # percent a year
    lpr: Decimal
    lpr_published_on: date
    disbursed_on: date


class CompensationEvent(BaseModel):
    """paid / awaiting_funds v1 (A5.3): 30% of the principal outstanding at default, from the risk pool."""

    compensation_id: uuid.UUID
    uscc: str
    bank_code: str
    loan_id: str
    amount: Decimal
    status: str  # paid | awaiting_funds
    defaulted_on: date
    paid_on: date | None = None


class RecoveryReturned(BaseModel):
    """returned v1 (A5.3): the pool's share of an amount recovered after a default."""

    recovery_id: uuid.UUID
    uscc: str
    bank_code: str
    loan_id: str
    recovered: Decimal
    returned: Decimal
    recovered_on: date


class LprPublished(BaseModel):
    """published v1: a loan prime rate publication entered (percent a year)."""

    published_on: date
    one_year: Decimal
    five_year: Decimal


SUBSIDY_COMPUTED = contract("finance.subsidy.computed", 1, SubsidyEvent)
SUBSIDY_REVIEWED = contract("finance.subsidy.reviewed", 1, SubsidyEvent)
SUBSIDY_APPROVED = contract("finance.subsidy.approved", 1, SubsidyEvent)
SUBSIDY_REJECTED = contract("finance.subsidy.rejected", 1, SubsidyEvent)
SUBSIDY_DISBURSED = contract("finance.subsidy.disbursed", 1, SubsidyEvent)
SUBSIDY_REVOKED = contract("finance.subsidy.revoked", 1, SubsidyEvent)
SUBSIDY_RECOVERY_FLAGGED = contract("finance.subsidy.recovery_flagged", 1, SubsidyEvent)
RATE_VIOLATION_FLAGGED = contract("finance.loan.rate_violation_flagged", 1, RateViolationFlagged)
COMPENSATION_PAID = contract("finance.compensation.paid", 1, CompensationEvent)
COMPENSATION_AWAITING_FUNDS = contract("finance.compensation.awaiting_funds", 1, CompensationEvent)
RECOVERY_RETURNED = contract("finance.recovery.returned", 1, RecoveryReturned)
LPR_PUBLISHED = contract("finance.lpr.published", 1, LprPublished)

# The events of a subsidy's life: the status it reaches (zjtx.common.workflow), and a recovery flagged
# on a paid one; the registry keeps each in the enterprise's history.
SUBSIDY_EVENTS: dict[str, EventContract[SubsidyEvent]] = {
    "computed": SUBSIDY_COMPUTED,
    "reviewed": SUBSIDY_REVIEWED,
    "approved": SUBSIDY_APPROVED,
    "rejected": SUBSIDY_REJECTED,
    "disbursed": SUBSIDY_DISBURSED,
    "revoked": SUBSIDY_REVOKED,
    "recovery_flagged": SUBSIDY_RECOVERY_FLAGGED,
}
TOPICS = (SUBSIDY_TOPIC, LOAN_TOPIC, COMPENSATION_TOPIC, RECOVERY_TOPIC, LPR_TOPIC)
