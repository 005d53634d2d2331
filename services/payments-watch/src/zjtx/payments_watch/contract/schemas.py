from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.dates import CalendarDay
from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.common.uscc import Uscc
from zjtx.payments_watch.schemas import BuyerKindNamed, DecimalText, PositiveYuan, YearlyRate

Subject = Literal["goods", "services", "works"]
ClockBasis = Literal["delivery", "acceptance", "acceptance_period_ended", "settlement_confirmed", "awaiting_acceptance"]
Flag = Literal["term_over_60", "term_missing", "pay_when_paid", "overdue_rate_below_lpr", "acceptance_period_missing"]
SUBJECTS_SAID = "`goods` 货物, `services` 服务, `works` 工程"
CLOCK_BASES_SAID = (
    "A10.3: `delivery` (交付), `acceptance` (the acceptance date, 检验/验收), `acceptance_period_ended` (acceptance "
    "late: the last day of the agreed period), `settlement_confirmed` (定期结算: both sides confirmed), "
    "`awaiting_acceptance` (no agreed period: the clock waits for the acceptance)"
)
FLAGS_SAID = (
    "`term_over_60` (a 机关/事业单位's agreed term over 60 days: capped at 60, A10.1), `term_missing` (2020 text, a "
    "large buyer without a term: watched against 60 days as a reference), `pay_when_paid` (payment waiting for a "
    "third party's: a violation for large buyers under the 2025 text, A10.2), `overdue_rate_below_lpr` (an agreed "
    "overdue rate below the 1-year LPR of the signing date: the LPR is used, A10.4), `acceptance_period_missing` "
    "(acceptance a condition without an agreed period, A10.3)"
)
REGULATION_SAID = (
    "the payment regulation's version in force on the signing date: `2020` (from 2020-09-01) or `2025` (from "
    "2025-06-01); null: signed before 2020-09-01, recorded but not monitored"
)
SIZE_SAID = "the seller's size class on the signing date, from the registry: `large`, `medium`, `small`, `micro`"
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

    contract_no: str = Field(
        pattern=CONTRACT_NO,
        description="unique; letters (Latin or Chinese), digits and - _ . ( ) （ ） 〔 〕, up to 80",
    )
    buyer_code: Uscc = Field(description="the buyer's 统一社会信用代码; registered first (`buyer_unknown`)")
    seller_uscc: Uscc = Field(
        description="the SME's 统一社会信用代码; the registry must have reported it (`seller_unknown`)"
    )
    amount: PositiveYuan = Field(description="the contract's amount, more than 0.00")
    subject: Subject = Field(description=f"what is bought: {SUBJECTS_SAID}")
    signed_on: CalendarDay = Field(
        description="the signing date: not after today; the regulation's version and the seller's size are those of it"
    )
    agreed_term_days: int | None = Field(
        default=None,
        ge=1,
        le=3650,
        description="the agreed payment term, in days from the clock's start (A10.1: a 机关/事业单位's is at most 60; "
        "none: 30 for them, 60 for a large buyer under the 2025 text)",
    )
    acceptance_required: bool | None = Field(
        default=False, description="检验/验收 is a condition of payment: the clock starts on acceptance (A10.3)"
    )
    acceptance_period_days: int | None = Field(
        default=None,
        ge=1,
        le=3650,
        description="the agreed acceptance period, in days from delivery; only with acceptance_required "
        "(`terms_inconsistent`)",
    )
    periodic_settlement: bool | None = Field(
        default=False, description="settled periodically (定期结算): the clock starts when both sides confirm (A10.3)"
    )
    agreed_overdue_rate: YearlyRate | None = Field(
        default=None,
        description='overdue interest agreed, a yearly rate as a fraction: "0.0435" is 4.35%; below the 1-year LPR of '
        "the signing date it is flagged and the LPR used; none: 0.05% a day (A10.4)",
    )
    pay_when_paid_clause: bool | None = Field(
        default=False, description="payment waits for a third party's (背靠背): a violation for large buyers, 2025 text"
    )


class PayableRead(BaseModel):
    id: uuid.UUID = Field(description="the payable's id")
    source: Literal["delivery", "settlement"] = Field(description="what made it: a delivery, or a confirmed settlement")
    basis_on: date = Field(description="delivered_on, or confirmed_on for a settlement")
    amount: FenAsYuan = Field(description="what it comes to")
    clock_start: date | None = Field(description="day 0 of the payment term (A10.3); null while acceptance is awaited")
    clock_basis: ClockBasis = Field(description=CLOCK_BASES_SAID)
    due_on: date | None = Field(
        description="day N, moved off weekends and public holidays to the next working day (民法典 第二百零三条)"
    )
    due_on_provisional: bool = Field(description="the year's public holidays are not on record: not moved yet")
    due_is_reference: bool = Field(description="a reference, not a legal due date (2020 text, large buyer, no term)")
    paid: FenAsYuan = Field(description="paid on it as of the date")
    outstanding: FenAsYuan = Field(description="still owed on it as of the date")
    disputed: FenAsYuan = Field(description="held back by an open dispute")
    overdue: FenAsYuan = Field(description="of the outstanding, what is past its due date (the undisputed part)")
    days_overdue: int = Field(description="days from the first day it was overdue to the date")
    overdue_interest: FenAsYuan = Field(
        description="this payable's share of the overdue interest (A10.4), rounded; "
        "the contract's total is rounded once"
    )
    explanation: dict[str, Any] = Field(
        description="the article, term, clock, due date and its move, payments, interest"
    )


class ContractSummary(BuyerKindNamed):
    contract_no: str = Field(description="the contract's number")
    buyer_code: str = Field(description="the buyer's 统一社会信用代码")
    buyer_kind: str = Field(description="the buyer's kind on registration: organ, institution, soe, large_enterprise")
    seller_uscc: str = Field(description="the seller's 统一社会信用代码")
    amount: FenAsYuan = Field(description="the contract's amount")
    subject: Subject = Field(description=SUBJECTS_SAID)
    signed_on: date = Field(description="the signing date")
    regulation_version: Literal["2020", "2025"] | None = Field(description=REGULATION_SAID)
    seller_size_at_signing: str | None = Field(description=SIZE_SAID)
    monitored: bool = Field(
        description="whether the regulation's terms are watched on it (an SME seller, from 2020-09-01)"
    )
    not_monitored_reason: str | None = Field(description="why it is not monitored; null when it is")
    flags: list[Flag] = Field(description=FLAGS_SAID)
    overdue_amount: FenAsYuan = Field(description="as of today")
    created_at: datetime = Field(description="when it was registered")
    updated_at: datetime = Field(description="when it last changed")


class ContractRead(BuyerKindNamed):
    contract_no: str = Field(description="the contract's number")
    buyer_code: str = Field(description="the buyer's 统一社会信用代码")
    buyer_kind: str = Field(description="the buyer's kind: organ, institution, soe, large_enterprise")
    seller_uscc: str = Field(description="the seller's 统一社会信用代码")
    amount: FenAsYuan = Field(description="the contract's amount")
    subject: Subject = Field(description=SUBJECTS_SAID)
    signed_on: date = Field(description="the signing date")
    agreed_term_days: int | None = Field(description="the agreed payment term in days, as registered")
    acceptance_required: bool = Field(description="acceptance is a condition of payment (A10.3)")
    acceptance_period_days: int | None = Field(description="the agreed acceptance period in days")
    periodic_settlement: bool = Field(description="settled periodically (A10.3)")
    agreed_overdue_rate: DecimalText | None = Field(description="the agreed yearly overdue rate, a fraction")
    pay_when_paid_clause: bool = Field(description="payment waits for a third party's (背靠背)")
    regulation_version: Literal["2020", "2025"] | None = Field(description=REGULATION_SAID)
    seller_size_at_signing: str | None = Field(description=SIZE_SAID)
    seller_size_effective_on: date | None = Field(description="the registry's size record that applies")
    monitored: bool = Field(description="whether the regulation's terms are watched on it")
    not_monitored_reason: str | None = Field(description="why it is not monitored; null when it is")
    flags: list[Flag] = Field(description=FLAGS_SAID)
    term_days: int | None = Field(description="the term that applies: 30, the agreed term, or 60 (A10.1, A10.2)")
    due_is_reference: bool = Field(description="the due dates are a reference, not legal ones (2020 text, no term)")
    overdue_rate_per_day: DecimalText | None = Field(
        description="the overdue interest per day, a fraction (A10.4: the agreed rate ÷ 365, or 0.0005)"
    )
    rate_basis: str | None = Field(
        description="`statutory` (0.05% a day), `agreed`, `lpr_floor` (agreed below the LPR: the LPR), "
        "`agreed_lpr_unknown` (the LPR of the signing date not on record yet: provisional)"
    )
    explanation: dict[str, Any] = Field(description="how the regulation reads the contract: version, term, flags, rate")
    as_of: date = Field(description="the date the figures are as of")
    overdue_amount: FenAsYuan = Field(description="overdue as of the date, all payables")
    overdue_interest: FenAsYuan = Field(description="the contract's total as of the date, rounded half-up once")
    outstanding: FenAsYuan = Field(description="owed as of the date, all payables")
    provisional: list[str] = Field(description="why a figure may still change (a calendar or an LPR not on record)")
    payables: list[PayableRead] = Field(description="what is owed, per delivery or settlement, oldest first")
    parameters_version: str = Field(description="the version of the parameter file it was read with")
    created_at: datetime = Field(description="when it was registered")
    updated_at: datetime = Field(description="when it last changed")


class DeliveryCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"delivered_on": "2025-07-20", "amount": "160000.00"}]}
    )

    delivered_on: CalendarDay = Field(description="the delivery day (交付): not after today, not before the signing")
    amount: PositiveYuan = Field(description="what it is worth; all deliveries at most the contract's amount")


class DeliveryRead(BaseModel):
    id: uuid.UUID = Field(description="the delivery's id")
    contract_no: str = Field(description="the contract's number")
    delivered_on: date = Field(description="the delivery day")
    amount: FenAsYuan = Field(description="what it is worth")
    accepted_on: date | None = Field(description="its acceptance day; null: not accepted (or not required)")
    payable_id: uuid.UUID | None = Field(description="none under periodic settlement: settlements make the payables")


class AcceptanceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"accepted_on": "2025-07-28"}]})

    accepted_on: CalendarDay = Field(
        description="the acceptance day (检验/验收): not after today, on or after a delivery"
    )
    delivery_id: uuid.UUID | None = Field(
        default=None, description="the delivery accepted; without it, every one not yet accepted up to that day"
    )


class AcceptanceRead(BaseModel):
    id: uuid.UUID = Field(description="the acceptance's id")
    contract_no: str = Field(description="the contract's number")
    accepted_on: date = Field(description="the acceptance day")
    delivery_ids: list[uuid.UUID] = Field(description="the deliveries it accepted")


class SettlementCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"confirmed_on": "2025-08-05", "amount": "90000.00"}]}
    )

    confirmed_on: CalendarDay = Field(
        description="the day both sides confirmed the amount (A10.3): not after today, not before the signing"
    )
    amount: PositiveYuan = Field(description="the amount confirmed; all settlements at most the contract's amount")


class SettlementRead(BaseModel):
    id: uuid.UUID = Field(description="the settlement's id")
    contract_no: str = Field(description="the contract's number")
    confirmed_on: date = Field(description="the day both sides confirmed it")
    amount: FenAsYuan = Field(description="the amount confirmed")
    payable_id: uuid.UUID = Field(description="the payable it made")


class PaymentCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"paid_on": "2025-09-03", "amount": "100000.00", "reference": "BANK-20250903-0042"}]
        },
    )

    paid_on: CalendarDay = Field(description="the payment day: not after today, not before the signing")
    amount: PositiveYuan = Field(description="the amount paid; never more than is owed (`overpayment`)")
    reference: str = Field(
        min_length=1, max_length=100, description="the bank's or treasury's reference; unique per contract"
    )


class AllocationRead(BaseModel):
    payable_id: uuid.UUID = Field(description="the payable paid")
    amount: FenAsYuan = Field(description="what of the payment went to it")
    days_late: int = Field(description="days after its due date it was paid (0: on time)")


class PaymentRead(BaseModel):
    id: uuid.UUID = Field(description="the payment's id")
    contract_no: str = Field(description="the contract's number")
    paid_on: date = Field(description="the payment day")
    amount: FenAsYuan = Field(description="the amount paid")
    reference: str = Field(description="the bank's or treasury's reference")
    allocations: list[AllocationRead] = Field(description="what it paid: the oldest payables first")


class DisputeCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"amount": "30000.00", "raised_on": "2025-08-01", "resolved_on": None}]},
    )

    amount: PositiveYuan = Field(description="the amount disputed, at most the payable's")
    raised_on: CalendarDay = Field(
        description="the day it was raised: held back from then; not after today, not before the payable arose"
    )
    resolved_on: CalendarDay | None = Field(default=None, description="the day it was resolved, if it already is")
    upheld_amount: YuanIn | None = Field(
        default=None, description="on resolution, what of the disputed amount is owed (default: all of it)"
    )
    payable_id: uuid.UUID | None = Field(default=None, description="needed when the contract has several payables")


class DisputeResolve(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"resolved_on": "2025-08-20"}]})

    resolved_on: CalendarDay = Field(
        description="the resolution day: what is owed of it falls due that day; not after today, "
        "not before it was raised"
    )
    upheld_amount: YuanIn | None = Field(default=None, description="what is owed of it (default: all of it)")


class DisputeRead(BaseModel):
    id: uuid.UUID = Field(description="the dispute's id")
    contract_no: str = Field(description="the contract's number")
    payable_id: uuid.UUID = Field(description="the payable disputed")
    amount: FenAsYuan = Field(description="the amount disputed")
    raised_on: date = Field(description="the day it was raised")
    resolved_on: date | None = Field(description="the day it was resolved; null while open")
    upheld_amount: FenAsYuan | None = Field(description="what of it was found owed; null while open")
