"""Tables the event bus keeps in each service's own database: outbox, inbox, dead letters."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Identity, Index, Integer, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import PlatformBase


class OutboxRow(PlatformBase):
    """An event written in the business transaction, waiting for the relay. The id orders it."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    topic: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(200))
    # The serialised message, exactly as the relay sends it (kept as text so sending needs no re-encoding).
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_outbox_unsent", "id", postgresql_where=text("sent_at IS NULL")),)


class InboxRow(PlatformBase):
    """An event a consumer has applied; the primary key is what makes a redelivery a no-op."""

    __tablename__ = "inbox"

    consumer: Mapped[str] = mapped_column(String(100), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    event_type: Mapped[str] = mapped_column(String(200))
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class DeadLetterRow(PlatformBase):
    """An event a consumer gave up on after its bounded retries, kept until it is re-driven."""

    __tablename__ = "dead_letter"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    consumer: Mapped[str] = mapped_column(String(100))
    event_id: Mapped[uuid.UUID | None] = mapped_column()
    topic: Mapped[str] = mapped_column(String(200))
    partition: Mapped[int] = mapped_column(Integer)
    offset: Mapped[int] = mapped_column(BigInteger)
    key: Mapped[str | None] = mapped_column(String(200))
    raw: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer)
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    redriven_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The envelope's trace, so an operator can find the act and the trace the event came from; null when
    # the message was not a readable envelope (or is a foreign topic's).
    correlation_id: Mapped[uuid.UUID | None] = mapped_column()
    causation_id: Mapped[uuid.UUID | None] = mapped_column()
    traceparent: Mapped[str | None] = mapped_column(Text)  # as the envelope had it: not checked, so unbounded

    __table_args__ = (Index("uq_dead_letter_position", "consumer", "topic", "partition", "offset", unique=True),)
