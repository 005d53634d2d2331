"""The approval workflow every payment the policy makes goes through (awards, interest subsidies):
computed → reviewed → approved (by another client than the one that reviewed: four eyes) → disbursed;
rejected and revoked are final. What a late fact changes is changed (RULES, "Order does not matter"):
a record not paid yet that no longer holds is revoked with the reason; a paid one is never silently kept
or deleted but flagged: disbursed → recovery_due (with the amount to recover and why) → recovered once
the treasury has the money back; a flag the facts no longer support is cleared (back to disbursed).
The kit checks each move and says what it changes; the service applies it to its record, audits it
and publishes it (zjtx.common.kit docs/new-service.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import BigInteger, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.clock import CHINA
from zjtx.common.dates import CalendarDay, check_fact_date
from zjtx.common.errors import Conflict, Forbidden, Unprocessable

STATUSES = ("computed", "reviewed", "approved", "disbursed", "recovery_due", "recovered", "rejected", "revoked")
COMMITTED = ("computed", "reviewed", "approved")  # money promised, not paid yet
PAID = ("disbursed", "recovery_due", "recovered")  # money paid out (some of it may be due back)
FINAL = ("recovered", "rejected", "revoked")
# The statuses in which a record holds its place: a rejected one frees it (RULES: "A rejected award frees
# its place"); a revoked one no longer holds, so the facts that revoked it decide anew.
HOLDING = (*COMMITTED, *PAID)
# What the 工信局 calls each status (the answers' `status_name`, GET /v1/reference, Chinese lines).
STATUS_NAMES: dict[str, str] = {
    "computed": "已核算",
    "reviewed": "已审核",
    "approved": "已批准",
    "disbursed": "已拨付",
    "recovery_due": "待追回",
    "recovered": "已追回",
    "rejected": "已驳回",
    "revoked": "已撤销",
}


class InvalidTransition(Conflict):
    code, title = "invalid_transition", "The record is not in a state that allows this"


class SameClientApproval(Forbidden):
    code, title = "approver_is_reviewer", "A payment is approved by a different client from the one that reviewed it"


class InvalidPayment(Unprocessable):
    code, title = "payment_invalid", "The payment is not valid"


class ApprovalColumns:
    """The columns of a record that goes through the workflow (a mixin of its model)."""

    status: Mapped[str] = mapped_column(String(20), index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by: Mapped[str | None] = mapped_column(String(100))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    payment_reference: Mapped[str | None] = mapped_column(String(100))
    paid_on: Mapped[date | None]
    closed_reason: Mapped[str | None] = mapped_column(Text)
    # The same reason in Chinese when the system gave it (a revocation); none when a person typed it (a
    # rejection reads as typed) or for records closed before it was kept (they read in English).
    closed_reason_zh: Mapped[str | None] = mapped_column(Text)
    # Paid, and no longer (wholly) held by the facts: how much is due back, and why (and why in Chinese).
    recovery_due_fen: Mapped[int | None] = mapped_column(BigInteger)
    recovery_reason: Mapped[str | None] = mapped_column(Text)
    recovery_reason_zh: Mapped[str | None] = mapped_column(Text)
    recovery_reference: Mapped[str | None] = mapped_column(String(100))
    recovered_on: Mapped[date | None]


class Approvable(Protocol):
    status: str
    reviewed_by: str | None
    approved_at: datetime | None
    paid_on: date | None
    recovery_due_fen: int | None


@dataclass(frozen=True)
class Move:
    """A step of the workflow: the status reached, the columns it sets, and the note the audit keeps."""

    status: str
    changes: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    verb: str | None = None  # what the move is called when published, if not its status

    @property
    def event(self) -> str:
        return self.verb or self.status

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
    return Move("rejected", {"closed_reason": reason, "closed_reason_zh": None}, reason)


def disburse(record: Approvable, *, reference: str, paid_on: date, today: date, what: str = "record") -> Move:
    """Paid: not in the future, and not before the approval."""
    _require(record, ("approved",), "disburse", what)
    check_fact_date("paid_on", paid_on, today=today)
    approved_on = record.approved_at.astimezone(CHINA).date() if record.approved_at else None
    if approved_on is not None and paid_on < approved_on:
        raise InvalidPayment(f"paid_on {paid_on} is before the approval on {approved_on}")
    return Move("disbursed", {"payment_reference": reference, "paid_on": paid_on}, reference)


def revoke(record: Approvable, *, reason: str, reason_zh: str | None = None, what: str = "record") -> Move:
    """What no longer holds before it is paid is revoked, with the reason (`reason_zh`: the same in Chinese)."""
    _require(record, COMMITTED, "revoke", what)
    return Move("revoked", {"closed_reason": reason, "closed_reason_zh": reason_zh}, reason)


def flag_recovery(
    record: Approvable, *, amount_fen: int, reason: str, reason_zh: str | None = None, what: str = "record"
) -> Move:
    """A paid record the facts no longer (wholly) support: `amount_fen` of it is due back, for `reason`
    (`reason_zh`: the same in Chinese). Flagging again replaces the amount and the reasons; nothing due
    clears the flag (back to disbursed)."""
    _require(record, ("disbursed", "recovery_due"), "flag for recovery", what)
    if amount_fen <= 0:
        if record.status == "disbursed":
            raise InvalidTransition(f"nothing to recover from this {what}")
        cleared = {"recovery_due_fen": None, "recovery_reason": None, "recovery_reason_zh": None}
        return Move("disbursed", cleared, f"recovery cleared: {reason}", verb="recovery_cleared")
    changes = {"recovery_due_fen": amount_fen, "recovery_reason": reason, "recovery_reason_zh": reason_zh}
    return Move("recovery_due", changes, reason)


def record_recovery(
    record: Approvable, *, reference: str, recovered_on: date, today: date, what: str = "record"
) -> Move:
    """The amount due back was returned: not in the future, and not before it was paid."""
    _require(record, ("recovery_due",), "record a recovery of", what)
    check_fact_date("recovered_on", recovered_on, today=today)
    if record.paid_on is not None and recovered_on < record.paid_on:
        raise InvalidPayment(f"recovered_on {recovered_on} is before the payment on {record.paid_on}")
    return Move("recovered", {"recovery_reference": reference, "recovered_on": recovered_on}, reference)


def _require(record: Approvable, allowed: tuple[str, ...], action: str, what: str) -> None:
    if record.status not in allowed:
        raise InvalidTransition(f"cannot {action} a {what} that is {record.status}")


# -- the request bodies of the workflow's endpoints -------------------------------------------------


class ReviewBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = Field(default=None, max_length=2000, description="the reviewer's note, kept in the audit")


class RejectBody(BaseModel):
    # A reason of blanks is no reason: stripped before the length check.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: str = Field(min_length=1, max_length=2000, description="why it is rejected (kept on the record)")


class DisburseBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    payment_reference: str = Field(min_length=1, max_length=100, description="the treasury's payment reference")
    paid_on: CalendarDay = Field(
        description="the day it was paid: not after today (`date_in_future`), "
        "nor before the approval (`payment_invalid`)"
    )


class RecoveryBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    recovery_reference: str = Field(
        min_length=1, max_length=100, description="the treasury's reference of the money returned"
    )
    recovered_on: CalendarDay = Field(
        description="the day the money came back: not after today (`date_in_future`), nor before it was paid"
    )
