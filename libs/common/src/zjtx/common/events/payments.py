"""Events the payments-watch service publishes: payables that fall overdue and payments made (A10),
and changes of a buyer's risk level (A10.5). Keys: the contract number for payables, the buyer's
code for buyers. The hotline links arrears tickets to them; the registry keeps a seller's in its
history."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from zjtx.common.events import contract

PAYABLE_TOPIC = "payments.payable"
BUYER_TOPIC = "payments.buyer"


class PayableOverdue(BaseModel):
    """became_overdue v1: a payable not paid in full by its due date (published once per payable)."""

    payable_id: uuid.UUID
    contract_no: str
    buyer_code: str
    seller_uscc: str
    amount: Decimal
    outstanding: Decimal
    due_on: date
    regulation_version: str  # "2020" | "2025"
    # A due date the 2020 text does not set (a large buyer's contract without a term): watched against
    # a reference term, not a legal due date (RULES A10).
    due_is_reference: bool = False


class PayablePaid(BaseModel):
    """paid v1: a payment recorded against a payable."""

    payable_id: uuid.UUID
    contract_no: str
    buyer_code: str
    seller_uscc: str
    amount_paid: Decimal
    paid_on: date
    outstanding: Decimal
    days_late: int  # 0 when paid on or before the due date


class BuyerRiskChanged(BaseModel):
    """risk_changed v1 (A10.5): a buyer's level moved (low, medium, high)."""

    buyer_code: str
    name: str
    kind: str  # organ | institution | soe | large_enterprise
    score: Decimal
    level: str
    previous_level: str | None
    as_of: date


PAYABLE_BECAME_OVERDUE = contract("payments.payable.became_overdue", 1, PayableOverdue)
PAYABLE_PAID = contract("payments.payable.paid", 1, PayablePaid)
BUYER_RISK_CHANGED = contract("payments.buyer.risk_changed", 1, BuyerRiskChanged)
TOPICS = (PAYABLE_TOPIC, BUYER_TOPIC)
