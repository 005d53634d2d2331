"""The banks' loan events: the body of the webhook and of a message on `bank.loan-events`, one format for
both: `{event_id, type, bank_code, occurred_at, payload}`, the payload by type. Money is yuan with at most
two decimals ("1234.56"), rates percent a year ("3.85")."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from zjtx.common.messaging.foreign import ForeignMessage
from zjtx.common.money import YuanIn
from zjtx.common.uscc import normalise_uscc
from zjtx.finance_subsidy import errors
from zjtx.finance_subsidy.fields import BankCode, EventId, Identifier

Purpose = Literal["working_capital", "equipment", "production", "real_estate", "securities", "refinancing", "other"]
Product = Literal["standard", "zhubaodai"]
EventType = Literal["loan.disbursed", "loan.interest_paid", "loan.repaid", "loan.defaulted", "loan.recovered"]
MAX_RATE = Decimal(100)


def _percent(value: Any) -> Decimal:
    """A rate in percent a year: "3.85" or 3.85; more than 0, at most 100, at most four decimals."""
    if isinstance(value, bool) or value is None:
        raise ValueError('a rate is a decimal number of percent a year, e.g. "3.85"')
    if isinstance(value, float):
        value = repr(value)
    try:
        rate = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a rate in percent") from None
    if not rate.is_finite() or not Decimal(0) < rate <= MAX_RATE:
        raise ValueError(f"{value} is not a rate between 0 and 100 percent")
    if rate != rate.quantize(Decimal("0.0001")):
        raise ValueError(f"{value} has more than four decimals")
    return rate


PercentRate = Annotated[Decimal, BeforeValidator(_percent), Field(json_schema_extra={"type": "string"})]


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    loan_id: Identifier


class LoanDisbursed(_Payload):
    uscc: str = Field(min_length=1, max_length=40)
    principal: YuanIn
    annual_rate: PercentRate
    disbursed_on: date
    maturity_on: date
    purpose: Purpose
    product: Product


class InterestPaid(_Payload):
    period_start: date
    period_end: date
    outstanding_principal: YuanIn
    interest_amount: YuanIn
    paid_on: date


class Repaid(_Payload):
    amount: YuanIn
    repaid_on: date


class Defaulted(_Payload):
    outstanding_principal: YuanIn
    defaulted_on: date


class Recovered(_Payload):
    amount: YuanIn
    recovered_on: date


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

    event_id: EventId
    type: EventType
    bank_code: BankCode
    occurred_at: AwareDatetime
    payload: dict[str, Any]


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
            raise errors.AmountInvalid("payload.principal: a loan's principal is more than 0.00")
        if payload.maturity_on <= payload.disbursed_on:
            raise errors.LoanDatesInvalid(f"maturity_on {payload.maturity_on} is not after {payload.disbursed_on}")
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
        raise errors.AmountInvalid("payload.amount: more than 0.00 is expected")


def _invalid(exc: ValidationError, prefix: tuple[str, ...]) -> errors.InvalidEvent:
    fields = [
        {"field": ".".join(str(part) for part in (*prefix, *error["loc"])), "message": error["msg"]}
        for error in exc.errors()
    ]
    return errors.InvalidEvent("; ".join(f"{f['field']}: {f['message']}" for f in fields), errors=fields)


class BankEventReceipt(BaseModel):
    """The answer to a bank's event: applied at once, or held until its loan is reported; a repeat of
    an event id answers `duplicate: true` with the first one's outcome."""

    event_id: str
    bank_code: str
    type: str
    loan_id: str
    status: Literal["applied", "held", "refused"]
    duplicate: bool
    received_via: str
    reason: str | None = None


class BankEventRead(BaseModel):
    id: uuid.UUID
    event_id: str
    bank_code: str
    type: str
    loan_id: str
    occurred_at: datetime
    received_via: str
    status: Literal["applied", "held", "refused"]
    reason: str | None
    payload: dict[str, Any]
    received_at: datetime
    applied_at: datetime | None
    age_days: int = Field(description="days since it was received")
    stale: bool = Field(description="held longer than the parameter held_event_age: for staff to look into")


__all__ = ["BankEventIn", "BankEventRead", "BankEventReceipt", "read_bank_event"]
