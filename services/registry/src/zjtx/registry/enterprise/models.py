from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.registry.base import Base


class Enterprise(UUIDKeyMixin, TimestampedMixin, Base):
    __tablename__ = "enterprises"

    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    district_code: Mapped[str] = mapped_column(String(10), index=True)
    sector: Mapped[str] = mapped_column(String(20), index=True)
    cluster: Mapped[str | None] = mapped_column(String(40), index=True)
    employees: Mapped[int] = mapped_column(Integer)
    annual_revenue_fen: Mapped[int] = mapped_column(BigInteger)
    total_assets_fen: Mapped[int | None] = mapped_column(BigInteger)
    size_class: Mapped[str] = mapped_column(String(10), index=True)
    is_sme: Mapped[bool]
    # How the size class was derived (the rule kernel's explanation, in force when it was derived).
    size_explanation: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    registered_on: Mapped[date]
    park_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("parks.id"), index=True)


class Relocation(UUIDKeyMixin, TimestampedMixin, Base):
    """A move of the registration into Hohhot (A1.3)."""

    __tablename__ = "relocations"

    uscc: Mapped[str] = mapped_column(ForeignKey("enterprises.uscc"), index=True)
    moved_in_on: Mapped[date]
    moved_from: Mapped[str] = mapped_column(String(200))
    moved_from_division_code: Mapped[str | None] = mapped_column(String(6))


class ScaleReport(UUIDKeyMixin, TimestampedMixin, Base):
    """One year's main-business revenue (A4)."""

    __tablename__ = "scale_reports"
    __table_args__ = (UniqueConstraint("uscc", "year"),)

    uscc: Mapped[str] = mapped_column(ForeignKey("enterprises.uscc"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    main_business_revenue_fen: Mapped[int] = mapped_column(BigInteger)
    threshold_fen: Mapped[int] = mapped_column(BigInteger)
    explanation: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    above_scale: Mapped[bool]
