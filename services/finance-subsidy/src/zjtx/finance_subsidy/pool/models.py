"""The 助保贷 risk pool (A5.3): deposits with their funders, compensations of defaults, and the pool's
share of recoveries. Its balance is what these rows add up to; it never goes below zero."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Numeric, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.finance_subsidy.base import Base

PAID, AWAITING, SETTLED = "paid", "awaiting_funds", "settled"


class Deposit(UUIDKeyMixin, TimestampedMixin, Base):
    __tablename__ = "pool_deposits"

    amount_fen: Mapped[int] = mapped_column(BigInteger)
    funder: Mapped[str] = mapped_column(String(100))
    deposited_on: Mapped[date]
    entered_by: Mapped[str] = mapped_column(String(100))


class Compensation(UUIDKeyMixin, TimestampedMixin, Base):
    """30% of a covered loan's principal outstanding at default. Paid at once when the pool can, else
    waiting (first-in first-out). A recovery before it is paid lowers what it waits for (`amount_fen`);
    one that covers all of it leaves it settled with nothing to pay."""

    __tablename__ = "compensations"

    seq: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)  # the queue's order: first in, first out
    loan_ref: Mapped[uuid.UUID] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"), unique=True)
    bank_code: Mapped[str] = mapped_column(String(20), index=True)
    loan_id: Mapped[str] = mapped_column(String(64))
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    defaulted_on: Mapped[date]
    outstanding_at_default_fen: Mapped[int] = mapped_column(BigInteger)
    rate: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    computed_fen: Mapped[int] = mapped_column(BigInteger)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), index=True)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paid_on: Mapped[date | None]
    explanation: Mapped[dict[str, Any]] = mapped_column(JSONB)


class Recovery(UUIDKeyMixin, TimestampedMixin, Base):
    """An amount the bank recovered on a loan. Its pool share (the compensation's rate) goes back to the
    pool when the compensation was paid (`returned`), lowers a compensation still waiting (`deducted`),
    waits for a default not reported yet (`pending`), or is nothing for a loan without cover."""

    __tablename__ = "recoveries"

    loan_ref: Mapped[uuid.UUID] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"), index=True)
    bank_code: Mapped[str] = mapped_column(String(20))
    loan_id: Mapped[str] = mapped_column(String(64))
    uscc: Mapped[str] = mapped_column(String(18))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    recovered_on: Mapped[date]
    share_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    returned_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    settlement: Mapped[str] = mapped_column(String(16))  # pending | returned | deducted | not_covered
    source_event_id: Mapped[str] = mapped_column(String(100))
