"""Events the awards service publishes (topic awards.award); the registry keeps them as history."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from zjtx.common.events import EventContract, contract

TOPIC = "awards.award"


class FundingShare(BaseModel):
    funder: str  # "city" or the district/zone code (F.1)
    amount: Decimal


class AwardEvent(BaseModel):
    """computed / reviewed / approved / rejected / disbursed / revoked v1. `uscc` is null for the park
    plaque (A1.park), which names its park instead."""

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


AWARD_COMPUTED = contract("awards.award.computed", 1, AwardEvent)
AWARD_REVIEWED = contract("awards.award.reviewed", 1, AwardEvent)
AWARD_APPROVED = contract("awards.award.approved", 1, AwardEvent)
AWARD_REJECTED = contract("awards.award.rejected", 1, AwardEvent)
AWARD_DISBURSED = contract("awards.award.disbursed", 1, AwardEvent)
AWARD_REVOKED = contract("awards.award.revoked", 1, AwardEvent)

# The event an award publishes when it reaches a status.
AWARD_EVENTS: dict[str, EventContract[AwardEvent]] = {
    "computed": AWARD_COMPUTED,
    "reviewed": AWARD_REVIEWED,
    "approved": AWARD_APPROVED,
    "rejected": AWARD_REJECTED,
    "disbursed": AWARD_DISBURSED,
    "revoked": AWARD_REVOKED,
}
