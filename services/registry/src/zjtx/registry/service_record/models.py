from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.registry.base import Base


class ServiceRecord(UUIDKeyMixin, TimestampedMixin, Base):
    """A service given to an enterprise: training, health check, tracking visit, digital or platform
    service (A7, A8, A11, A12)."""

    __tablename__ = "service_records"

    uscc: Mapped[str] = mapped_column(ForeignKey("enterprises.uscc"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    programme: Mapped[str | None] = mapped_column(String(40))
    occurred_on: Mapped[date] = mapped_column(index=True)
    participants: Mapped[int] = mapped_column(Integer)
    provider: Mapped[str | None] = mapped_column(String(200))
    report_ref: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
