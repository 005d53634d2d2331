from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Identity, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.finance_subsidy.base import Base

APPLIED, HELD, REFUSED = "applied", "held", "refused"


class BankEvent(UUIDKeyMixin, TimestampedMixin, Base):
    """A loan event as a bank sent it, by webhook or on its Kafka topic, applied once (the bank's
    event id; the kit's inbox deduplicates the two routes). One that names a loan not reported yet is
    held and applied when the loan arrives; one that turned out invalid then is kept as refused."""

    __tablename__ = "bank_events"
    __table_args__ = (
        UniqueConstraint("bank_code", "event_id"),
        Index("ix_bank_events_loan", "bank_code", "loan_id", "status"),
        Index("ix_bank_events_status_received", "status", "received_at"),
    )

    seq: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)  # the order received (lists page by it)
    bank_code: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(100))
    event_type: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    loan_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    fingerprint: Mapped[str] = mapped_column(String(64))  # what the bank sent: a reused id is told apart
    received_via: Mapped[str] = mapped_column(String(10))  # webhook | kafka
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)
    reason_zh: Mapped[str | None] = mapped_column(Text)  # the same for staff reading Chinese (the default)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
