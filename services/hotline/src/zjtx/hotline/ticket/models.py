"""A ticket (工单) of the 12345 enterprise desk and its timeline. The caller's contact details are kept
here only (privacy.py says who sees them). What the rates read is kept on the ticket: the first
acknowledgement and the deadline it is measured against, the latest reply and the department that gave
it, the latest rating; a reopening leaves them as they are until the next reply and rating."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.hotline.base import Base


class Ticket(UUIDKeyMixin, TimestampedMixin, Base):
    __tablename__ = "ticket"
    # Set by every change from the use case's clock (no ON UPDATE default: a value equal to the one loaded
    # would be no change to the ORM, and the server's now() would replace it behind the session's back).
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_on: Mapped[date]  # the day of receipt in Asia/Shanghai: the rates' window and every deadline
    category: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    # The enterprise as the caller gave it, matched against the registry's read model.
    uscc: Mapped[str | None] = mapped_column(String(18), index=True)  # a valid code, else None
    uscc_given: Mapped[str | None] = mapped_column(String(40))  # as given, when it was not a valid code
    enterprise_match: Mapped[str] = mapped_column(String(20))  # registered | unregistered | invalid_uscc | none
    enterprise_name: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(50))
    contact_phone: Mapped[str] = mapped_column(String(30))
    buyer_code: Mapped[str | None] = mapped_column(String(64), index=True)
    contract_no: Mapped[str | None] = mapped_column(String(100))

    status: Mapped[str] = mapped_column(String(20))
    department: Mapped[str | None] = mapped_column(ForeignKey("department.code"))
    version: Mapped[int] = mapped_column(Integer)  # one more per change: the timeline's sequence number
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    supervision_count: Mapped[int] = mapped_column(Integer, default=0)

    response_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_reply_text: Mapped[str | None] = mapped_column(Text)
    last_reply_resolved: Mapped[bool | None]
    replied_department: Mapped[str | None] = mapped_column(String(20))
    last_rating: Mapped[str | None] = mapped_column(String(20))
    last_visited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    merged_into: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ticket.id"))
    end_reason: Mapped[str | None] = mapped_column(Text)  # of a withdrawal, a merge, a close without a visit
    # The same in Chinese when the service wrote it (a merge without a given reason); none for a person's.
    end_reason_zh: Mapped[str | None] = mapped_column(Text)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_ticket_department_status", "department", "status"),
        Index("ix_ticket_received", "received_at", "id"),
        Index("ix_ticket_received_on", "received_on"),
    )


class TimelineEntry(Base):
    """One change of a ticket, in order (`seq`), with the event it was published as."""

    __tablename__ = "ticket_timeline"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    verb: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    department: Mapped[str | None] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(100))
    event_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSONB)

    __table_args__ = (UniqueConstraint("ticket_id", "seq"),)
