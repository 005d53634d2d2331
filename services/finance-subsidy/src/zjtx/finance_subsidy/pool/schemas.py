from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.finance_subsidy.fields import Funder


class DepositCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"amount": "5000000.00", "funder": "city", "deposited_on": "2025-03-31"}]},
    )

    amount: YuanIn
    funder: Funder
    deposited_on: date


class DepositRead(BaseModel):
    id: uuid.UUID
    amount: FenAsYuan
    funder: str
    deposited_on: date
    entered_by: str


class PoolRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "balance": "3500000.00",
                    "deposited": "5000000.00",
                    "compensated": "1800000.00",
                    "returned": "300000.00",
                    "awaiting": "0.00",
                }
            ]
        }
    )

    balance: FenAsYuan
    deposited: FenAsYuan
    compensated: FenAsYuan
    returned: FenAsYuan
    awaiting: FenAsYuan


class CompensationRead(BaseModel):
    id: uuid.UUID
    uscc: str
    bank_code: str
    loan_id: str
    defaulted_on: date
    outstanding_at_default: FenAsYuan
    rate: str
    computed: FenAsYuan
    amount: FenAsYuan
    status: Literal["paid", "awaiting_funds", "settled"]
    paid_on: date | None
    explanation: dict[str, Any]


class RecoveryRead(BaseModel):
    id: uuid.UUID
    amount: FenAsYuan
    recovered_on: date
    share: FenAsYuan
    returned: FenAsYuan
    settlement: str


def compensation_read(row) -> CompensationRead:
    return CompensationRead(
        id=row.id,
        uscc=row.uscc,
        bank_code=row.bank_code,
        loan_id=row.loan_id,
        defaulted_on=row.defaulted_on,
        outstanding_at_default=row.outstanding_at_default_fen,
        rate=f"{row.rate:.2f}",
        computed=row.computed_fen,
        amount=row.amount_fen,
        status=row.status,
        paid_on=row.paid_on,
        explanation=row.explanation,
    )


def recovery_read(row) -> RecoveryRead:
    return RecoveryRead(
        id=row.id,
        amount=row.amount_fen,
        recovered_on=row.recovered_on,
        share=row.share_fen,
        returned=row.returned_fen,
        settlement=row.settlement,
    )
