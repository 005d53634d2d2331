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
    """An enterprise as it stands today: its latest facts (EnterpriseFacts keeps every version)."""

    __tablename__ = "enterprises"

    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    district_code: Mapped[str] = mapped_column(String(10), index=True)
    sector: Mapped[str] = mapped_column(String(30), index=True)
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
    effective_on: Mapped[date]  # the day the facts above took effect: the latest version's


class EnterpriseFacts(UUIDKeyMixin, TimestampedMixin, Base):
    """One version of an enterprise's facts and the size class derived from them, in effect from
    `effective_on` until the next version (RULES: the size on any past date can be answered). `changed`
    names the facts this version set itself; the others it carries over from the version before, and a
    change recorded later for an earlier date reaches it only for facts it did not set."""

    __tablename__ = "enterprise_facts"
    __table_args__ = (UniqueConstraint("uscc", "effective_on"),)

    # No index of its own: the unique key above leads with it and serves every lookup by enterprise.
    uscc: Mapped[str] = mapped_column(ForeignKey("enterprises.uscc"))
    effective_on: Mapped[date]
    name: Mapped[str] = mapped_column(String(200))
    district_code: Mapped[str] = mapped_column(String(10))
    sector: Mapped[str] = mapped_column(String(30))
    cluster: Mapped[str | None] = mapped_column(String(40))
    employees: Mapped[int] = mapped_column(Integer)
    annual_revenue_fen: Mapped[int] = mapped_column(BigInteger)
    total_assets_fen: Mapped[int | None] = mapped_column(BigInteger)
    park_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("parks.id"), index=True)
    size_class: Mapped[str] = mapped_column(String(10))
    is_sme: Mapped[bool]
    size_explanation: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    changed: Mapped[list[str]] = mapped_column(JSONB)


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
    threshold_fen: Mapped[int | None] = mapped_column(BigInteger)  # none for a sector that goes by licence
    qualified_by_licence: Mapped[bool | None]
    explanation: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    above_scale: Mapped[bool]
