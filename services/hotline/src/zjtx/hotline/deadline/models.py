"""A ticket's deadlines, each a row: open until met (or replaced by an extension, a reassignment, or
cancelled when the ticket ends), supervised (督办) once if it passes while open."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.hotline.base import Base


class TicketDeadline(Base):
    __tablename__ = "ticket_deadline"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # acknowledge | reply | return_visit
    cycle: Mapped[int] = mapped_column(Integer)  # 0, then one more per reopening
    term: Mapped[str] = mapped_column(String(30))  # which parameter says how long (deadline.rules)
    starts_on: Mapped[date]  # the day it counts from
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unknown_reason: Mapped[str | None] = mapped_column(String(30))  # before_policy | calendar_not_known
    explanation: Mapped[dict[str, Any]] = mapped_column(JSONB)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    end_reason: Mapped[str | None] = mapped_column(String(20))  # met | extended | reassigned | cancelled
    supervised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        # What the supervision job scans: open, not yet supervised, by when they end.
        Index(
            "ix_ticket_deadline_watch",
            "due_at",
            postgresql_where=text("ended_at IS NULL AND supervised_at IS NULL AND due_at IS NOT NULL"),
        ),
        Index(
            "ix_ticket_deadline_unknown",
            "ticket_id",
            postgresql_where=text("unknown_reason = 'calendar_not_known' AND ended_at IS NULL"),
        ),
    )
