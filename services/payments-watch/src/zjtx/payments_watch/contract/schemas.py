from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.payments_watch.schemas import DecimalText, PositiveYuan, YearlyRate

Subject = Literal["goods", "services", "works"]
ClockBasis = Literal["delivery", "acceptance", "acceptance_period_ended", "settlement_confirmed", "awaiting_acceptance"]
Flag = Literal["term_over_60", "term_missing", "pay_when_paid", "overdue_rate_below_lpr", "acceptance_period_missing"]
# Letters (Latin or Chinese), digits and - _ . ( ) （ ） 〔 〕: safe in a URL path.
CONTRACT_NO = r"^[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff\-_.()（）〔〕]{0,79}$"


class ContractCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "contract_no": "HHHT-GXJ-2025-0137",
                    "buyer_code": "11150100011526044W",
                    "seller_uscc": "91150105MA0Q4LJX27",
                    "amount": "480000.00",
                    "subject": "services",
                    "signed_on": "2025-07-01",
                    "agreed_term_days": 45,
                    "acceptance_required": True,
                    "acceptance_period_days": 10,
                    "periodic_settlement": False,
                    "agreed_overdue_rate": "0.0365",
                    "pay_when_paid_clause": False,
                }
            ]
        },
    )

    contract_no: str = Field(pattern=CONTRACT_NO, description="unique; letters, digits and - _ . ( ) 〔 〕")
    buyer_code: str = Field(min_length=1, max_length=40)
    seller_uscc: str = Field(min_length=1, max_length=40, description="the SME's 统一社会信用代码")
    amount: PositiveYuan
    subject: Subject
    signed_on: date
    agreed_term_days: int | None = Field(default=None, ge=1, le=3650, description="days from the clock's start")
    acceptance_required: bool | None = Field(default=False, description="检验/验收 is a condition of payment")
    acceptance_period_days: int | None = Field(default=None, ge=1, le=3650)
    periodic_settlement: bool | None = Field(default=False, description="settled periodically (定期结算)")
    agreed_overdue_rate: YearlyRate | None = Field(
        default=None, description='overdue interest agreed, a yearly rate as a fraction: "0.0435" is 4.35%'
    )
    pay_when_paid_clause: bool | None = Field(default=False, description="payment waits for a third party's")


class PayableRead(BaseModel):
    id: uuid.UUID
    source: Literal["delivery", "settlement"]
    basis_on: date = Field(description="delivered_on, or confirmed_on for a settlement")
    amount: FenAsYuan
    clock_start: date | None = Field(description="day 0 of the payment term (A10.3)")
    clock_basis: ClockBasis
    due_on: date | None = Field(description="day N, moved off weekends and public holidays")
    due_on_provisional: bool = Field(description="the year's public holidays are not on record: not moved yet")
    due_is_reference: bool
    paid: FenAsYuan
    outstanding: FenAsYuan
    disputed: FenAsYuan = Field(description="held back by an open dispute")
    overdue: FenAsYuan
    days_overdue: int
    overdue_interest: FenAsYuan = Field(
        description="this payable's share, rounded; the contract's total is rounded once"
    )
    explanation: dict[str, Any]


class ContractSummary(BaseModel):
    contract_no: str
    buyer_code: str
    buyer_kind: str
    seller_uscc: str
    amount: FenAsYuan
    subject: Subject
    signed_on: date
    regulation_version: Literal["2020", "2025"] | None
    seller_size_at_signing: str | None
    monitored: bool
    not_monitored_reason: str | None
    flags: list[Flag]
    overdue_amount: FenAsYuan = Field(description="as of today")
    created_at: datetime
    updated_at: datetime


class ContractRead(BaseModel):
    contract_no: str
    buyer_code: str
    buyer_kind: str
    seller_uscc: str
    amount: FenAsYuan
    subject: Subject
    signed_on: date
    agreed_term_days: int | None
    acceptance_required: bool
    acceptance_period_days: int | None
    periodic_settlement: bool
    agreed_overdue_rate: DecimalText | None
    pay_when_paid_clause: bool
    regulation_version: Literal["2020", "2025"] | None
    seller_size_at_signing: str | None
    seller_size_effective_on: date | None = Field(description="the registry's size record that applies")
    monitored: bool
    not_monitored_reason: str | None
    flags: list[Flag]
    term_days: int | None
    due_is_reference: bool
    overdue_rate_per_day: DecimalText | None
    rate_basis: str | None
    explanation: dict[str, Any]
    as_of: date
    overdue_amount: FenAsYuan
    overdue_interest: FenAsYuan = Field(description="the contract's total as of the date, rounded half-up once")
    outstanding: FenAsYuan
    provisional: list[str] = Field(description="why a figure may still change (a calendar or an LPR not on record)")
    payables: list[PayableRead]
    parameters_version: str
    created_at: datetime
    updated_at: datetime


class DeliveryCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"delivered_on": "2025-07-20", "amount": "160000.00"}]}
    )

    delivered_on: date
    amount: PositiveYuan


class DeliveryRead(BaseModel):
    id: uuid.UUID
    contract_no: str
    delivered_on: date
    amount: FenAsYuan
    accepted_on: date | None
    payable_id: uuid.UUID | None = Field(description="none under periodic settlement: settlements make the payables")


class AcceptanceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"accepted_on": "2025-07-28"}]})

    accepted_on: date
    delivery_id: uuid.UUID | None = Field(
        default=None, description="the delivery accepted; without it, every one not yet accepted up to that day"
    )


class AcceptanceRead(BaseModel):
    id: uuid.UUID
    contract_no: str
    accepted_on: date
    delivery_ids: list[uuid.UUID]


class SettlementCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"confirmed_on": "2025-08-05", "amount": "90000.00"}]}
    )

    confirmed_on: date
    amount: PositiveYuan


class SettlementRead(BaseModel):
    id: uuid.UUID
    contract_no: str
    confirmed_on: date
    amount: FenAsYuan
    payable_id: uuid.UUID


class PaymentCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"paid_on": "2025-09-03", "amount": "100000.00", "reference": "BANK-20250903-0042"}]
        },
    )

    paid_on: date
    amount: PositiveYuan
    reference: str = Field(
        min_length=1, max_length=100, description="the bank's or treasury's reference; unique per contract"
    )


class AllocationRead(BaseModel):
    payable_id: uuid.UUID
    amount: FenAsYuan
    days_late: int


class PaymentRead(BaseModel):
    id: uuid.UUID
    contract_no: str
    paid_on: date
    amount: FenAsYuan
    reference: str
    allocations: list[AllocationRead] = Field(description="what it paid: the oldest payables first")


class DisputeCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"amount": "30000.00", "raised_on": "2025-08-01", "resolved_on": None}]},
    )

    amount: PositiveYuan
    raised_on: date
    resolved_on: date | None = None
    upheld_amount: YuanIn | None = Field(
        default=None, description="on resolution, what of the disputed amount is owed (default: all of it)"
    )
    payable_id: uuid.UUID | None = Field(default=None, description="needed when the contract has several payables")


class DisputeResolve(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resolved_on: date
    upheld_amount: YuanIn | None = Field(default=None, description="what is owed of it (default: all of it)")


class DisputeRead(BaseModel):
    id: uuid.UUID
    contract_no: str
    payable_id: uuid.UUID
    amount: FenAsYuan
    raised_on: date
    resolved_on: date | None
    upheld_amount: FenAsYuan | None
