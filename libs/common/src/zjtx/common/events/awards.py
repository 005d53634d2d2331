"""Events the awards service publishes (topics awards.award and awards.claim); the registry keeps them as
history."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from zjtx.common.events import EventContract, contract

TOPIC = "awards.award"
CLAIM_TOPIC = "awards.claim"


class FundingShare(BaseModel):
    funder: str  # "city" or the district/zone code (F.1)
    amount: Decimal


class AwardEvent(BaseModel):
    """computed / reviewed / approved / rejected / disbursed / revoked / recovery_due / recovery_cleared /
    recovered v1. `uscc` is null for the park plaque (A1.park), which names its park instead. A paid award
    the facts no longer (wholly) support is flagged `recovery_due` with the amount due back and why.
    `reason_zh` / `recovery_reason_zh` (optional, still v1): the same reasons in Chinese, where the awards
    service gave them (a revocation, a recovery); null for a reason a person typed, which reads as typed."""

    award_id: uuid.UUID
    uscc: str | None
    rule: str
    amount: Decimal
    status: str
    reference_date: date
    reason: str | None = None
    park_id: uuid.UUID | None = None
    district_code: str | None = None
    funding: list[FundingShare] = []
    payment_reference: str | None = None
    paid_on: date | None = None
    recovery_due: Decimal | None = None
    recovery_reason: str | None = None
    recovered_on: date | None = None
    reason_zh: str | None = None
    recovery_reason_zh: str | None = None


AWARD_COMPUTED = contract("awards.award.computed", 1, AwardEvent)
AWARD_REVIEWED = contract("awards.award.reviewed", 1, AwardEvent)
AWARD_APPROVED = contract("awards.award.approved", 1, AwardEvent)
AWARD_REJECTED = contract("awards.award.rejected", 1, AwardEvent)
AWARD_DISBURSED = contract("awards.award.disbursed", 1, AwardEvent)
AWARD_REVOKED = contract("awards.award.revoked", 1, AwardEvent)
AWARD_RECOVERY_DUE = contract("awards.award.recovery_due", 1, AwardEvent)
AWARD_RECOVERY_CLEARED = contract("awards.award.recovery_cleared", 1, AwardEvent)
AWARD_RECOVERED = contract("awards.award.recovered", 1, AwardEvent)

# The event an award publishes for each move of the workflow (zjtx.common.workflow.Move.verb).
AWARD_EVENTS: dict[str, EventContract[AwardEvent]] = {
    "computed": AWARD_COMPUTED,
    "reviewed": AWARD_REVIEWED,
    "approved": AWARD_APPROVED,
    "rejected": AWARD_REJECTED,
    "disbursed": AWARD_DISBURSED,
    "revoked": AWARD_REVOKED,
    "recovery_due": AWARD_RECOVERY_DUE,
    "recovery_cleared": AWARD_RECOVERY_CLEARED,
    "recovered": AWARD_RECOVERED,
}


class ClaimEvent(BaseModel):
    """filed / redecided v1: a claim filed on an enterprise's behalf (A2.1, A2.2, A3.rent, A6.1) and its
    decision, accepted with its award or rejected with the reason; `redecided` when a later fact changes
    that decision, on `decided_on`. `filed_by` is the client that filed it. `reason_zh` (optional, still
    v1): a refusal's reason in Chinese, where the rules gave it; null for a reviewer's typed reason.
    `reason_code_name` (optional, still v1): the Chinese name of `reason_code` (不符合条件, …) for a
    person's line; null for an event of before it was sent, or a code the awards service has no name for."""

    claim_id: uuid.UUID
    uscc: str
    rule: str
    status: str  # accepted | rejected
    decided_on: date
    filed_by: str
    reason: str | None = None
    reason_code: str | None = None
    award_id: uuid.UUID | None = None
    reason_zh: str | None = None
    reason_code_name: str | None = None


CLAIM_FILED = contract("awards.claim.filed", 1, ClaimEvent)
CLAIM_REDECIDED = contract("awards.claim.redecided", 1, ClaimEvent)
CLAIM_EVENTS: dict[str, EventContract[ClaimEvent]] = {"filed": CLAIM_FILED, "redecided": CLAIM_REDECIDED}
