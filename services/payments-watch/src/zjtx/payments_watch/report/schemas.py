from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from zjtx.common.money import FenAsYuan
from zjtx.payments_watch.schemas import DecimalText


class DisclosureRow(BaseModel):
    buyer_code: str = Field(description="the unit's 统一社会信用代码")
    name: str = Field(description="the unit's name")
    year: int = Field(description="the year disclosed")
    overdue_unpaid_contracts: int = Field(description="contracts overdue and unpaid (in whole or part) on 31 December")
    overdue_unpaid_amount: FenAsYuan = Field(description="their overdue unpaid principal, not the interest")
    counted_on: date = Field(description="the day counted: 31 December of the year")
    publish_by: date = Field(description="the unit publishes this by 31 March of the next year (A10.6)")


class PaymentPractice(BaseModel):
    buyer_code: str = Field(description="the buyer's 统一社会信用代码")
    name: str = Field(description="the buyer's name")
    period_from: date = Field(description="the period's first day")
    period_to: date = Field(description="the period's last day")
    payments: int = Field(description="payments in the period; a payment paying two payables counts twice")
    amount_paid: FenAsYuan = Field(description="what they paid in all")
    average_days_to_pay: DecimalText = Field(description="days from the clock's start (day 0) to payment")
    within_30_days: DecimalText = Field(description="percent of payments, by count")
    from_31_to_60_days: DecimalText = Field(description="percent of payments made 31 to 60 days from day 0")
    over_60_days: DecimalText = Field(description="percent of payments made over 60 days from day 0")
    paid_late_by_count: DecimalText = Field(description="percent of payments made after the due date")
    paid_late_by_value: DecimalText = Field(description="percent of the amount paid after the due date")
