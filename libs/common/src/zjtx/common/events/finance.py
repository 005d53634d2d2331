"""Events the finance-subsidy service publishes (topic finance.subsidy); the registry keeps them as history."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

TOPIC = "finance.subsidy"
SUBSIDY_EVENT_TYPES = tuple(
    f"{TOPIC}.{verb}" for verb in ("computed", "disbursed", "compensation_paid", "rate_violation_flagged")
)


class SubsidyEvent(BaseModel):
    """computed / disbursed / compensation_paid / rate_violation_flagged v1."""

    subsidy_id: uuid.UUID
    uscc: str
    loan_id: str
    rule: str
    amount: Decimal
    period_start: date | None = None
    period_end: date | None = None
    note: str | None = None
