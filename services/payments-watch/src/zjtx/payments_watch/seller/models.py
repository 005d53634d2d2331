from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin
from zjtx.payments_watch.base import Base


class Seller(TimestampedMixin, Base):
    """An enterprise as the registry last described it."""

    __tablename__ = "sellers"

    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    district_code: Mapped[str] = mapped_column(String(10))
    registered_on: Mapped[date]
    size_class: Mapped[str] = mapped_column(String(10))
    is_sme: Mapped[bool]
    last_event_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SellerSize(Base):
    """One size class the registry reported, from `effective_on` (its `effective_on`, else the event's
    date in Asia/Shanghai). One row per event: the history, whatever order the events came in."""

    __tablename__ = "seller_sizes"
    __table_args__ = (Index("ix_seller_sizes_uscc_effective", "uscc", "effective_on", "occurred_at"),)

    event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18))
    effective_on: Mapped[date]
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    size_class: Mapped[str] = mapped_column(String(10))
    is_sme: Mapped[bool]
