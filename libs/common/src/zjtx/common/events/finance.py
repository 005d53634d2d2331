"""Events the finance-subsidy service publishes (topic finance.subsidy); the registry keeps them as history."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from zjtx.common.events import contract

TOPIC = "finance.subsidy"


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


SUBSIDY_COMPUTED = contract("finance.subsidy.computed", 1, SubsidyEvent)
SUBSIDY_DISBURSED = contract("finance.subsidy.disbursed", 1, SubsidyEvent)
SUBSIDY_COMPENSATION_PAID = contract("finance.subsidy.compensation_paid", 1, SubsidyEvent)
SUBSIDY_RATE_VIOLATION_FLAGGED = contract("finance.subsidy.rate_violation_flagged", 1, SubsidyEvent)

SUBSIDY_EVENTS = (SUBSIDY_COMPUTED, SUBSIDY_DISBURSED, SUBSIDY_COMPENSATION_PAID, SUBSIDY_RATE_VIOLATION_FLAGGED)
