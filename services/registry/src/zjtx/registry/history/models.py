from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, DateTime, Identity, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import UUIDKeyMixin
from zjtx.registry.base import Base


class HistoryEntry(UUIDKeyMixin, Base):
    """One thing that happened to an enterprise: the registry's own events and those other services
    publish about it (awards, subsidies). `seq` numbers the lines in the order they were recorded, so
    that lines of the same instant (one transaction's events) keep that order."""

    __tablename__ = "enterprise_history"

    uscc: Mapped[str] = mapped_column(String(18), index=True)
    event_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    event_type: Mapped[str] = mapped_column(String(200))
    producer: Mapped[str] = mapped_column(String(50))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    summary: Mapped[str] = mapped_column(Text)
    # The same line for a Chinese reader (the default one); none on lines recorded before it was kept,
    # which read in English to everyone.
    summary_zh: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    seq: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)
    # The date the fact is about (a recognition's date, a report's year end, an award's reference date);
    # none where the event names none (a ticket) or for lines recorded before it was kept.
    business_date: Mapped[date | None] = mapped_column(Date)
    # The API client that acted (the registry's own events); none where the event does not carry it.
    actor: Mapped[str | None] = mapped_column(String(100))
    # When the registry recorded the line (occurred_at is when its producer says it happened).
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
