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


class AwardEvent(BaseModel):
    """computed / reviewed / approved / rejected / disbursed / revoked v1."""

    award_id: uuid.UUID
    uscc: str
    rule: str
    amount: Decimal
    status: str
    reference_date: date
    reason: str | None = None
