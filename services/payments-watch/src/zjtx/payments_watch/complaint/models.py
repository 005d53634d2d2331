from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin
from zjtx.payments_watch.base import Base


class Complaint(TimestampedMixin, Base):
    """A case on a buyer opened by an arrears ticket. Counted in the buyer's risk unless the hotline
    merged it into another ticket or it was withdrawn (`excluded`)."""

    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_buyer_received", "buyer_code", "received_on"),)

    ticket_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100))
    buyer_code: Mapped[str] = mapped_column(String(18))
    contract_no: Mapped[str | None] = mapped_column(String(80))
    seller_uscc: Mapped[str | None] = mapped_column(String(18))
    enterprise_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_on: Mapped[date]
    excluded: Mapped[bool] = mapped_column(default=False)
    excluded_reason: Mapped[str | None] = mapped_column(String(200))
    excluded_reason_zh: Mapped[str | None] = mapped_column(String(200))  # the same for a Chinese reader
