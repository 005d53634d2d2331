from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.registry.base import Base


class Inspection(UUIDKeyMixin, TimestampedMixin, Base):
    """A routine inspection of an enterprise (A13); its flags are derived, not stored."""

    __tablename__ = "inspections"

    uscc: Mapped[str] = mapped_column(ForeignKey("enterprises.uscc"), index=True)
    inspection_type: Mapped[str] = mapped_column(String(100))
    department: Mapped[str] = mapped_column(String(100))
    ended_on: Mapped[date]
    published_on: Mapped[date | None]
    special_sector: Mapped[bool]
    result: Mapped[str | None] = mapped_column(Text)
    # A13.2: red and black lists are recorded on the enterprise through its inspections.
    list_entry: Mapped[str | None] = mapped_column(String(10))
