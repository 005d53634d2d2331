from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.dates import CalendarDay
from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.common.rules import localised
from zjtx.finance_subsidy.fields import Funder

CompensationStatus = Literal["paid", "awaiting_funds", "settled"]
COMPENSATION_STATUSES_SAID = (
    "`paid` from the pool; `awaiting_funds` (the pool cannot pay it: paid first in, first out as deposits "
    "arrive); `settled` (recoveries before its payment covered all of it)"
)


class DepositCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"amount": "5000000.00", "funder": "city", "deposited_on": "2025-03-31"}]},
    )

    amount: YuanIn = Field(description="the amount deposited, more than 0.00 (`amount_invalid`)")
    funder: Funder = Field(
        description="who deposits it: `city`, a district or zone code (`150105` 赛罕区, …), or a registered "
        "bank's code (`funder_unknown` otherwise)"
    )
    deposited_on: CalendarDay = Field(description="the day of the deposit: not after today (`date_in_future`)")


class DepositRead(BaseModel):
    id: uuid.UUID = Field(description="the deposit's id")
    amount: FenAsYuan = Field(description="the amount deposited")
    funder: str = Field(description="who deposited it: `city`, a district or zone code, or a bank's code")
    deposited_on: date = Field(description="the day of the deposit")
    entered_by: str = Field(description="the client that entered it")


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

    balance: FenAsYuan = Field(description="deposited − compensated + returned: never below 0.00 (A5.3)")
    deposited: FenAsYuan = Field(description="every deposit so far")
    compensated: FenAsYuan = Field(description="the compensations paid from it (30% of defaulted principal, A5.3)")
    returned: FenAsYuan = Field(description="30% of what was recovered after paid compensations, back to the pool")
    awaiting: FenAsYuan = Field(description="the compensations waiting for funds")


class CompensationRead(BaseModel):
    id: uuid.UUID = Field(description="the compensation's id")
    uscc: str = Field(description="the borrower's 统一社会信用代码")
    bank_code: str = Field(description="the lending bank's code")
    loan_id: str = Field(description="the bank's loan id")
    defaulted_on: date = Field(description="the day of the default")
    outstanding_at_default: FenAsYuan = Field(description="the principal outstanding at default")
    rate: str = Field(description='the share compensated, a fraction (A5.3: "0.30")')
    computed: FenAsYuan = Field(description="rate × outstanding at default, half-up to the fen")
    amount: FenAsYuan = Field(description="what is paid or to pay: computed, less recoveries before its payment")
    status: CompensationStatus = Field(description=COMPENSATION_STATUSES_SAID)
    paid_on: date | None = Field(description="the day it was paid; null while it waits")
    explanation: dict[str, Any] = Field(description="the A5.3 decision: cover, parameters, the figure")


class RecoveryRead(BaseModel):
    id: uuid.UUID = Field(description="the recovery's id")
    amount: FenAsYuan = Field(description="the amount the bank recovered")
    recovered_on: date = Field(description="the day it was recovered")
    share: FenAsYuan = Field(description="the pool's share of it (A5.3: 30%)")
    returned: FenAsYuan = Field(description="what of the share went back to the pool")
    settlement: str = Field(
        description="`returned` (to the pool, the compensation being paid), `deducted` (from a compensation "
        "still waiting), `not_covered` (the loan had no 助保贷 cover), `pending` (the default is not reported yet)"
    )


def compensation_read(row, language: str) -> CompensationRead:
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
        explanation=localised(row.explanation, language),
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
