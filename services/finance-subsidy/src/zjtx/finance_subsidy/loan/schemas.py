from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.money import FenAsYuan
from zjtx.finance_subsidy.pool.schemas import CompensationRead, RecoveryRead


class PeriodSubsidy(BaseModel):
    id: uuid.UUID
    amount: FenAsYuan
    status: str
    recovery_due: FenAsYuan


class PeriodRead(BaseModel):
    period_start: date
    period_end: date
    outstanding_principal: FenAsYuan
    interest_amount: FenAsYuan
    paid_on: date
    revision: int
    decision: str = Field(description="subsidised, refused, waiting_lpr, closed (or pending)")
    code: str | None = Field(description="why not subsidised: before_policy, not_little_giant, …")
    entitled: FenAsYuan
    explanation: dict[str, Any]
    subsidies: list[PeriodSubsidy]


class HeldEventRead(BaseModel):
    event_id: str
    type: str
    status: str
    reason: str | None
    received_at: datetime


class RepaymentRead(BaseModel):
    amount: FenAsYuan
    repaid_on: date


class LoanSummaryRead(BaseModel):
    bank_code: str
    loan_id: str
    uscc: str
    principal: FenAsYuan
    annual_rate: str = Field(description="percent a year")
    disbursed_on: date
    maturity_on: date
    purpose: str
    product: Literal["standard", "zhubaodai"]
    status: Literal["active", "repaid", "defaulted"]
    outstanding_principal: FenAsYuan
    flags: list[str]
    ceiling: dict[str, Any] | None = Field(
        description="A5.2 for a 助保贷 loan: status, the ceiling and the LPR (and its date) it was computed from"
    )


class LoanRead(LoanSummaryRead):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "bank_code": "DEMO",
                    "loan_id": "L-2024-0042",
                    "uscc": "91150105MA0Q4LJX27",
                    "principal": "10000000.00",
                    "annual_rate": "4.11",
                    "disbursed_on": "2024-11-01",
                    "maturity_on": "2025-11-01",
                    "purpose": "working_capital",
                    "product": "zhubaodai",
                    "status": "active",
                    "outstanding_principal": "10000000.00",
                    "flags": ["rate_above_ceiling"],
                    "ceiling": {
                        "status": "rate_above_ceiling",
                        "ceiling": "4.10",
                        "lpr": "3.10",
                        "lpr_published_on": "2024-10-21",
                    },
                    "periods": [],
                    "held_events": [],
                }
            ]
        }
    )

    defaulted_on: date | None
    periods: list[PeriodRead]
    held_events: list[HeldEventRead]
    repayments: list[RepaymentRead]
    compensation: CompensationRead | None
    recoveries: list[RecoveryRead]


def percent(value: Decimal) -> str:
    """A rate as the API shows it: two decimals at least, more only when it has them (4.11, 3.875)."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    return f"{value:.2f}" if not isinstance(exponent, int) or exponent >= -2 else f"{normal:f}"


def loan_summary(loan) -> dict[str, Any]:
    return {
        "bank_code": loan.bank_code,
        "loan_id": loan.loan_id,
        "uscc": loan.uscc,
        "principal": loan.principal_fen,
        "annual_rate": percent(loan.annual_rate),
        "disbursed_on": loan.disbursed_on,
        "maturity_on": loan.maturity_on,
        "purpose": loan.purpose,
        "product": loan.product,
        "status": loan.status,
        "outstanding_principal": loan.outstanding_fen,
        "flags": list(loan.flags or []),
        "ceiling": loan.ceiling,
    }
