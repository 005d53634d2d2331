"""Events the awards service publishes (topic awards.award); the registry keeps them as history."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

TOPIC = "awards.award"
AWARD_EVENT_TYPES = tuple(
    f"{TOPIC}.{verb}" for verb in ("computed", "reviewed", "approved", "rejected", "disbursed", "revoked")
)


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
