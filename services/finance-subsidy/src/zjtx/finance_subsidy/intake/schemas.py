"""The banks' loan events: the body of the webhook and of a message on `bank.loan-events`, one format for
both: `{event_id, type, bank_code, occurred_at, payload}`, the payload by type. Money is yuan with at most
two decimals ("1234.56"), rates percent a year ("3.85")."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema

from zjtx.common.dates import CalendarDay
from zjtx.common.messaging.foreign import ForeignMessage
from zjtx.common.money import YuanIn
from zjtx.common.reference import describe_codes
from zjtx.common.uscc import Uscc, normalise_uscc
from zjtx.finance_subsidy import errors
from zjtx.finance_subsidy.fields import BankCode, EventId, Identifier
from zjtx.finance_subsidy.rules.facts import PURPOSE_NAMES

Purpose = Literal["working_capital", "equipment", "production", "real_estate", "securities", "refinancing", "other"]
Product = Literal["standard", "zhubaodai"]
EventType = Literal["loan.disbursed", "loan.interest_paid", "loan.repaid", "loan.defaulted", "loan.recovered"]
MAX_RATE = Decimal(100)

# The words the banks and the city use, for the descriptions.
EVENT_TYPE_NAMES = {
    "loan.disbursed": "放款 (the loan paid out: its terms)",
    "loan.interest_paid": "付息 (an interest period paid: A5.1's subsidy is computed from it)",
    "loan.repaid": "还本 (principal repaid)",
    "loan.defaulted": "违约 (the bank reports a default: A5.3's compensation)",
    "loan.recovered": "追偿回收 (money recovered after a default: A5.3's share returned to the pool)",
}
PRODUCT_NAMES = {"standard": "普通贷款", "zhubaodai": "助保贷 (a partner bank's guaranteed loan, A5.2 and A5.3)"}
EVENT_TYPES_SAID = describe_codes(EVENT_TYPE_NAMES)
PURPOSES_SAID = (
    f"{describe_codes(PURPOSE_NAMES)}. A5.1 subsidises production and operating loans only (生产经营: working "
    "capital, equipment, production; the parameter `interest_subsidy_eligibility`)"
)
PRODUCTS_SAID = describe_codes(PRODUCT_NAMES)


RATE_PATTERN = r"^[0-9]{1,3}(\.[0-9]{1,4})?$"
_RATE = re.compile(RATE_PATTERN)


def _percent(value: Any) -> Decimal:
    """A rate in percent a year, as a string: "3.85"; more than 0, at most 100, at most four decimals."""
    if not isinstance(value, str) or not _RATE.match(value):
        raise ValueError('a rate is a string of percent a year with at most four decimals, e.g. "3.85"')
    rate = Decimal(value)
    if not Decimal(0) < rate <= MAX_RATE:
        raise ValueError(f"{value} is not a rate between 0 and 100 percent")
    return rate


PercentRate = Annotated[
    Decimal,
    BeforeValidator(_percent),
    WithJsonSchema({"type": "string", "pattern": RATE_PATTERN, "examples": ["3.85"]}),
]


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    loan_id: Identifier = Field(description="the bank's own loan id (letters, digits and . _ : / -, up to 64)")


class LoanDisbursed(_Payload):
    """loan.disbursed (放款): a loan's terms; a loan id on record with other terms is 409 `loan_exists`."""

    uscc: Uscc = Field(description="the borrower's credit code; the registry must have announced it")
    principal: YuanIn = Field(description="the loan's principal, more than 0.00 (`amount_invalid`)")
    annual_rate: PercentRate = Field(description="the agreed rate, percent a year (more than 0, at most 100)")
    disbursed_on: CalendarDay = Field(
        description="the disbursement day: not after today; A5.1 reads the LPR in force on it"
    )
    maturity_on: CalendarDay = Field(description="the maturity, after disbursed_on (`loan_dates_invalid`)")
    purpose: Purpose = Field(description=PURPOSES_SAID)
    product: Product = Field(description=PRODUCTS_SAID)


class InterestPaid(_Payload):
    """loan.interest_paid (付息): one interest period; the same period again with other figures corrects it."""

    period_start: CalendarDay = Field(description="the period's first day (counted), within the loan")
    period_end: CalendarDay = Field(description="the period's end (not counted), after period_start, within the loan")
    outstanding_principal: YuanIn = Field(description="the principal outstanding over the period, at most the loan's")
    interest_amount: YuanIn = Field(description="the interest the enterprise paid: A5.1 never subsidises more")
    paid_on: CalendarDay = Field(description="the day it was paid: the year whose cap it counts toward (A5.1)")


class Repaid(_Payload):
    """loan.repaid (还本): principal repaid, at most what is outstanding."""

    amount: YuanIn = Field(description="the principal repaid, more than 0.00")
    repaid_on: CalendarDay = Field(description="the day it was repaid: not after today, nor before the disbursement")


class Defaulted(_Payload):
    """loan.defaulted (违约): the default a bank reports; A5.3 compensates 30% of the outstanding principal."""

    outstanding_principal: YuanIn = Field(description="the principal outstanding at default, at most the loan's")
    defaulted_on: CalendarDay = Field(
        description="the day of the default: not after today, nor before the disbursement"
    )


class Recovered(_Payload):
    """loan.recovered (追偿回收): money recovered after a default; 30% of it goes back to the pool (A5.3)."""

    amount: YuanIn = Field(description="the amount recovered, more than 0.00")
    recovered_on: CalendarDay = Field(
        description="the day it was recovered: not after today, nor before the disbursement"
    )


PAYLOADS: dict[str, type[_Payload]] = {
    "loan.disbursed": LoanDisbursed,
    "loan.interest_paid": InterestPaid,
    "loan.repaid": Repaid,
    "loan.defaulted": Defaulted,
    "loan.recovered": Recovered,
}


class BankEventIn(BaseModel):
    """What a bank sends (the webhook's body; the value of a message on `bank.loan-events`)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "event_id": "DEMO-2025-000123",
                    "type": "loan.interest_paid",
                    "bank_code": "DEMO",
                    "occurred_at": "2025-06-30T16:00:00+08:00",
                    "payload": {
                        "loan_id": "L-2025-0042",
                        "period_start": "2025-04-01",
                        "period_end": "2025-06-30",
                        "outstanding_principal": "10000000.00",
                        "interest_amount": "87500.00",
                        "paid_on": "2025-06-30",
                    },
                }
            ]
        },
    )

    event_id: EventId = Field(
        description="the bank's own id of the event, unique per bank (letters, digits and . _ : / -, up to 100): "
        "applied once, whether it came here or on the topic `bank.loan-events`"
    )
    type: EventType = Field(description=f"the event: {EVENT_TYPES_SAID}")
    bank_code: BankCode = Field(description="the sending bank's code: the caller's own (403 `bank_mismatch`)")
    occurred_at: AwareDatetime = Field(description="when it happened at the bank, with its offset")
    payload: dict[str, Any] = Field(
        description="the event's facts, by `type`: loan.disbursed {loan_id, uscc, principal, annual_rate, "
        "disbursed_on, maturity_on, purpose, product}; loan.interest_paid {loan_id, period_start, period_end, "
        "outstanding_principal, interest_amount, paid_on}; loan.repaid {loan_id, amount, repaid_on}; loan.defaulted "
        "{loan_id, outstanding_principal, defaulted_on}; loan.recovered {loan_id, amount, recovered_on}. Money in "
        'yuan with two decimals ("1234.56"), rates in percent a year ("3.85"), dates YYYY-MM-DD'
    )


@dataclass(frozen=True)
class ReceivedEvent:
    """A bank's event, read and checked: the body of its ForeignMessage."""

    event_id: str
    type: str
    bank_code: str
    occurred_at: datetime
    payload: Any  # the payload model of its type
    payload_json: dict[str, Any]  # as the bank sent it (yuan strings): kept, shown, read again when held
    fingerprint: str
    via: str  # webhook | kafka
    outcome: dict[str, Any] = field(default_factory=dict, compare=False)  # status and reason, once applied

    @property
    def loan_id(self) -> str:
        return self.payload.loan_id


def read_bank_event(raw: bytes, *, via: str) -> ForeignMessage:
    """A bank's event from the raw body: MalformedEvent (not JSON), InvalidEvent (the format, with each
    field's error), or the checks no database is needed for (a period ending before it starts, …)."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise errors.MalformedEvent(str(exc)) from None
    try:
        event = BankEventIn.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc, ()) from None
    try:
        payload = PAYLOADS[event.type].model_validate(event.payload)
    except ValidationError as exc:
        raise _invalid(exc, ("payload",)) from None
    check_payload(payload)
    # The fingerprint is of the checked values (fen, normalised codes), so "1.5" and "1.50" are one content.
    checked = payload.model_dump(mode="json")
    canonical = json.dumps(
        [event.type, event.bank_code, event.occurred_at.isoformat(), checked], sort_keys=True, ensure_ascii=False
    )
    received = ReceivedEvent(
        event_id=event.event_id,
        type=event.type,
        bank_code=event.bank_code,
        occurred_at=event.occurred_at,
        payload=payload,
        payload_json=event.payload,
        fingerprint=hashlib.sha256(canonical.encode()).hexdigest(),
        via=via,
    )
    return ForeignMessage(source=event.bank_code, message_id=event.event_id, message_type=event.type, body=received)


def check_payload(payload: _Payload) -> None:
    """What a payload must be whatever the loan: dates in order, amounts above zero where zero is no event."""
    if isinstance(payload, LoanDisbursed):
        payload.uscc = normalise_uscc(payload.uscc)
        if payload.principal <= 0:
            raise errors.AmountInvalid(
                "payload.principal: a loan's principal is more than 0.00",
                detail_zh="payload.principal：贷款本金应大于0.00",
            )
        if payload.maturity_on <= payload.disbursed_on:
            raise errors.LoanDatesInvalid(
                f"maturity_on {payload.maturity_on} is not after {payload.disbursed_on}",
                detail_zh=f"到期日{payload.maturity_on}不晚于放款日{payload.disbursed_on}",
            )
    elif isinstance(payload, InterestPaid):
        if payload.period_end <= payload.period_start:
            raise errors.PeriodInvalid(
                f"period_end {payload.period_end} is not after period_start {payload.period_start}"
            )
        if payload.outstanding_principal <= 0:
            raise errors.AmountInvalid(
                "payload.outstanding_principal: more than 0.00 is expected for an interest period"
            )
    elif isinstance(payload, Repaid | Recovered) and payload.amount <= 0:
        raise errors.AmountInvalid(
            "payload.amount: more than 0.00 is expected", detail_zh="payload.amount：金额应大于0.00"
        )


def _invalid(exc: ValidationError, prefix: tuple[str, ...]) -> errors.InvalidEvent:
    fields = [
        {"field": ".".join(str(part) for part in (*prefix, *error["loc"])), "message": error["msg"]}
        for error in exc.errors()
    ]
    return errors.InvalidEvent("; ".join(f"{f['field']}: {f['message']}" for f in fields), errors=fields)


EventStatus = Literal["applied", "held", "refused"]
EVENT_STATUS_SAID = (
    "`applied`; `held` until its loan's loan.disbursed arrives (then applied); `refused` when, applied then, it "
    "turned out invalid (the reason says why)"
)


class BankEventReceipt(BaseModel):
    """The answer to a bank's event: applied at once, or held until its loan is reported; a repeat of
    an event id answers `duplicate: true` with the first one's outcome."""

    event_id: str = Field(description="the bank's id of the event")
    bank_code: str = Field(description="the bank's code")
    type: str = Field(description=f"the event: {EVENT_TYPES_SAID}")
    loan_id: str = Field(description="the bank's loan id")
    status: EventStatus = Field(description=EVENT_STATUS_SAID)
    duplicate: bool = Field(description="true: the event id was received before; this is the first one's outcome")
    received_via: str = Field(description="how it first came: `webhook` or `kafka` (the topic bank.loan-events)")
    reason: str | None = Field(default=None, description="why it is held or refused; null when applied")


class BankEventRead(BaseModel):
    id: uuid.UUID = Field(description="the service's id of the received event")
    event_id: str = Field(description="the bank's id of the event")
    bank_code: str = Field(description="the bank's code")
    type: str = Field(description=f"the event: {EVENT_TYPES_SAID}")
    loan_id: str = Field(description="the bank's loan id")
    occurred_at: datetime = Field(description="when it happened at the bank")
    received_via: str = Field(description="how it came: `webhook` or `kafka`")
    status: EventStatus = Field(description=EVENT_STATUS_SAID)
    reason: str | None = Field(
        description="why it is held or refused (in Chinese, in English with `Accept-Language: en`); null when applied"
    )
    payload: dict[str, Any] = Field(description="its payload as the bank sent it")
    received_at: datetime = Field(description="when the service received it")
    applied_at: datetime | None = Field(description="when it was applied; null while held or when refused")
    age_days: int = Field(description="days since it was received")
    stale: bool = Field(description="held longer than the parameter held_event_age: for staff to look into")


__all__ = ["BankEventIn", "BankEventRead", "BankEventReceipt", "read_bank_event"]
