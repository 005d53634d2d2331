"""Status callbacks to the 12345 system: one per ticket event, its signed body fixed when it is made,
delivered in order per ticket, retried with back-off and parked as `failed` (a dead letter) after a
bounded number of tries, until re-driven."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Identity, Index, Integer, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.hotline.base import Base

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
STATUSES = (PENDING, DELIVERED, FAILED)
# The statuses as a Chinese reader names them.
STATUS_NAMES_ZH = {PENDING: "待发送", DELIVERED: "已送达", FAILED: "发送失败"}


class Callback(UUIDKeyMixin, TimestampedMixin, Base):
    __tablename__ = "callback"
    # Set by every change from the use case's clock (no ON UPDATE default: a value equal to the one loaded
    # would be no change to the ORM, and the server's now() would replace it behind the session's back).
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    seq: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)  # the order events came in
    event_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    ticket_id: Mapped[uuid.UUID] = mapped_column(index=True)
    event_type: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # exactly the bytes signed and sent
    # The W3C trace context the event was applied under: delivered later by a job (a trace of its own), the
    # call is made a child of it, so that the 12345 system joins the event's trace.
    traceparent: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    redriven_count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("ix_callback_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
        Index("ix_callback_status", "status", "seq"),
    )
