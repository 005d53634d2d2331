from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.money import FenAsYuan

Status = Literal["computed", "reviewed", "approved", "disbursed", "rejected", "revoked"]


class FundingRead(BaseModel):
    funder: str = Field(description="`city`, or the district/zone code (F.1)")
    amount: FenAsYuan


class SubsidyRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b8f0c55-3c39-4c43-8a1e-4f3a4b8f9a11",
                    "uscc": "91150105MA0Q4LJX27",
                    "bank_code": "DEMO",
                    "loan_id": "L-2024-0042",
                    "period_start": "2024-04-01",
                    "period_end": "2024-06-30",
                    "paid_on": "2024-06-30",
                    "amount": "43125.00",
                    "status": "computed",
                    "explanation": {
                        "rule": "A5.1",
                        "formula": [
                            "days = 2024-06-30 − 2024-04-01 = 90",
                            "rate = 1-year LPR 3.45% (published 2024-02-20, in force on the disbursement date "
                            "2024-03-15) × 50% = 1.725%",
                            "10,000,000.00 × 1.725% × 90 / 360 = 43,125.00 → 43,125.00 (half-up to the fen)",
                        ],
                        "caps": [
                            "interest paid 95,000.00 ≥ 43,125.00: not limited",
                            "yearly cap 500,000.00 for 2024 (the year the interest was paid): used by periods paid "
                            "before 0.00, remaining 500,000.00: not capped",
                        ],
                    },
                    "funding": [{"funder": "city", "amount": "21562.50"}, {"funder": "150105", "amount": "21562.50"}],
                }
            ]
        }
    )

    id: uuid.UUID
    uscc: str
    bank_code: str
    loan_id: str
    period_start: date
    period_end: date
    paid_on: date = Field(description="the day the interest was paid (the year it counts toward)")
    year: int
    rule: str
    amount: FenAsYuan = Field(description="this subsidy's payment")
    entitled: FenAsYuan = Field(description="what the period is entitled to")
    already_paid: FenAsYuan = Field(description="what earlier subsidies of the period covered")
    status: Status
    explanation: dict[str, Any]
    funding: list[FundingRead]
    district_code: str
    parameters_version: str
    supersedes: uuid.UUID | None
    recovery_due: FenAsYuan
    recovery_reason: str | None
    reviewed_by: str | None
    approved_by: str | None
    payment_reference: str | None
    disbursed_on: date | None = Field(description="the day the subsidy was paid")
    closed_reason: str | None
    created_at: datetime
    updated_at: datetime


def subsidy_read(subsidy) -> SubsidyRead:
    return SubsidyRead(
        id=subsidy.id,
        uscc=subsidy.uscc,
        bank_code=subsidy.bank_code,
        loan_id=subsidy.loan_id,
        period_start=subsidy.period_start,
        period_end=subsidy.period_end,
        paid_on=subsidy.interest_paid_on,
        year=subsidy.year,
        rule=subsidy.rule,
        amount=subsidy.amount_fen,
        entitled=subsidy.entitled_fen,
        already_paid=subsidy.already_paid_fen,
        status=subsidy.status,
        explanation=subsidy.explanation,
        funding=[FundingRead(funder=f.funder, amount=f.amount_fen) for f in subsidy.funding],
        district_code=subsidy.district_code,
        parameters_version=subsidy.parameters_version,
        supersedes=subsidy.supersedes_id,
        recovery_due=subsidy.recovery_due_fen,
        recovery_reason=subsidy.recovery_reason,
        reviewed_by=subsidy.reviewed_by,
        approved_by=subsidy.approved_by,
        payment_reference=subsidy.payment_reference,
        disbursed_on=subsidy.paid_on,
        closed_reason=subsidy.closed_reason,
        created_at=subsidy.created_at,
        updated_at=subsidy.updated_at,
    )


class PeriodSummary(BaseModel):
    bank_code: str
    loan_id: str
    period_start: date
    period_end: date
    paid_on: date
    decision: str = Field(description="subsidised, refused, waiting_lpr, closed")
    code: str | None
    amount: FenAsYuan = Field(description="the period's entitlement, after the interest limit and the cap")


class SubsidySummary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "uscc": "91150105MA0Q4LJX27",
                    "year": 2024,
                    "cap": "500000.00",
                    "used": "129375.00",
                    "remaining": "370625.00",
                    "periods": [],
                }
            ]
        }
    )

    uscc: str
    year: int
    cap: FenAsYuan
    used: FenAsYuan
    remaining: FenAsYuan
    periods: list[PeriodSummary]
