from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from zjtx.common.money import FenAsYuan
from zjtx.payments_watch.schemas import DecimalText


class DisclosureRow(BaseModel):
    buyer_code: str
    name: str
    year: int
    overdue_unpaid_contracts: int = Field(description="contracts overdue and unpaid (in whole or part) on 31 December")
    overdue_unpaid_amount: FenAsYuan = Field(description="their overdue unpaid principal, not the interest")
    counted_on: date
    publish_by: date = Field(description="the unit publishes this by 31 March of the next year (A10.6)")


class PaymentPractice(BaseModel):
    buyer_code: str
    name: str
    period_from: date
    period_to: date
    payments: int = Field(description="payments in the period; a payment paying two payables counts twice")
    amount_paid: FenAsYuan
    average_days_to_pay: DecimalText = Field(description="days from the clock's start (day 0) to payment")
    within_30_days: DecimalText = Field(description="percent of payments, by count")
    from_31_to_60_days: DecimalText
    over_60_days: DecimalText
    paid_late_by_count: DecimalText = Field(description="percent of payments made after the due date")
    paid_late_by_value: DecimalText = Field(description="percent of the amount paid after the due date")
