from __future__ import annotations

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.awards.base import Base
from zjtx.common.db import TimestampedMixin, UUIDKeyMixin


class Appropriation(UUIDKeyMixin, TimestampedMixin, Base):
    """Money a funder (F.1: the city, `city` = 市本级, or a district's or zone's code) set aside for the
    awards of one fiscal year (the calendar year of payment). A funder's year may have several lines (the
    budget, then supplementary ones): what it may pay is their sum."""

    __tablename__ = "appropriations"
    __table_args__ = (Index("ix_appropriations_funder_year", "funder", "fiscal_year"),)

    funder: Mapped[str] = mapped_column(String(10))
    fiscal_year: Mapped[int]
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(100))


__all__ = ["Appropriation"]
