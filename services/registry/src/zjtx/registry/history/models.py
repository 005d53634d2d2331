from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Identity, String, Text
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
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    seq: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)
