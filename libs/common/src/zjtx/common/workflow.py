"""The approval workflow every payment the policy makes goes through (awards, interest subsidies):
computed → reviewed → approved (by another client than the one that reviewed: four eyes) → disbursed;
rejected and revoked are final. The kit checks each move and says what it changes; the service applies
it to its record, audits it and publishes it (zjtx.common.kit docs/new-service.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.clock import CHINA
from zjtx.common.errors import Conflict, Forbidden, Unprocessable

STATUSES = ("computed", "reviewed", "approved", "disbursed", "rejected", "revoked")
COMMITTED = ("computed", "reviewed", "approved")  # money promised, not paid yet
FINAL = ("disbursed", "rejected", "revoked")


class InvalidTransition(Conflict):
    code, title = "invalid_transition", "The record is not in a state that allows this"


class SameClientApproval(Forbidden):
    code, title = "approver_is_reviewer", "A payment is approved by a different client from the one that reviewed it"


class InvalidPayment(Unprocessable):
    code, title = "payment_invalid", "The payment is not valid"


class ApprovalColumns:
    """The columns of a record that goes through the workflow (a mixin of its model)."""

    status: Mapped[str] = mapped_column(String(10), index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by: Mapped[str | None] = mapped_column(String(100))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    payment_reference: Mapped[str | None] = mapped_column(String(100))
    paid_on: Mapped[date | None]
    closed_reason: Mapped[str | None] = mapped_column(Text)


class Approvable(Protocol):
    status: str
    reviewed_by: str | None
    approved_at: datetime | None


@dataclass(frozen=True)
class Move:
    """A step of the workflow: the status reached, the columns it sets, and the note the audit keeps."""

    status: str
    changes: dict[str, Any] = field(default_factory=dict)
    note: str | None = None

    def apply(self, record: Any) -> None:
        record.status = self.status
        for name, value in self.changes.items():
            setattr(record, name, value)


def review(record: Approvable, *, actor: str, now: datetime, note: str | None, what: str = "record") -> Move:
    _require(record, ("computed",), "review", what)
    return Move("reviewed", {"reviewed_by": actor, "reviewed_at": now}, note)


def approve(record: Approvable, *, actor: str, now: datetime, note: str | None, what: str = "record") -> Move:
    """Four eyes: the approving client must not be the one that reviewed."""
    _require(record, ("reviewed",), "approve", what)
    if record.reviewed_by == actor:
        raise SameClientApproval(f"{actor} reviewed this {what}; another client must approve it")
    return Move("approved", {"approved_by": actor, "approved_at": now}, note)


def reject(record: Approvable, *, reason: str, what: str = "record") -> Move:
    _require(record, ("computed", "reviewed"), "reject", what)
    return Move("rejected", {"closed_reason": reason}, reason)


def disburse(record: Approvable, *, reference: str, paid_on: date, today: date, what: str = "record") -> Move:
    """Paid: not in the future, and not before the approval."""
    _require(record, ("approved",), "disburse", what)
    if paid_on > today:
        raise InvalidPayment(f"paid_on {paid_on} is in the future")
    approved_on = record.approved_at.astimezone(CHINA).date() if record.approved_at else None
    if approved_on is not None and paid_on < approved_on:
        raise InvalidPayment(f"paid_on {paid_on} is before the approval on {approved_on}")
    return Move("disbursed", {"payment_reference": reference, "paid_on": paid_on}, reference)


def revoke(record: Approvable, *, reason: str, what: str = "record") -> Move:
    """What no longer holds before it is paid is revoked, with the reason."""
    _require(record, COMMITTED, "revoke", what)
    return Move("revoked", {"closed_reason": reason}, reason)


def _require(record: Approvable, allowed: tuple[str, ...], action: str, what: str) -> None:
    if record.status not in allowed:
        raise InvalidTransition(f"cannot {action} a {what} that is {record.status}")


# -- the request bodies of the workflow's endpoints -------------------------------------------------


class ReviewBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = Field(default=None, max_length=2000)


class RejectBody(BaseModel):
    # A reason of blanks is no reason: stripped before the length check.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: str = Field(min_length=1, max_length=2000)


class DisburseBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    payment_reference: str = Field(min_length=1, max_length=100, description="the treasury's payment reference")
    paid_on: date
