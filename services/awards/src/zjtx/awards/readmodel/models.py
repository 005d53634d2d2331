"""What the awards service keeps of the registry's data, fed by its events (DESIGN: "Storage")."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.awards.base import Base
from zjtx.common.db import TimestampedMixin


class EnterpriseView(TimestampedMixin, Base):
    """The enterprise as its latest facts describe it (the version with the latest effective_on)."""

    __tablename__ = "enterprise_view"

    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    district_code: Mapped[str] = mapped_column(String(10), index=True)
    sector: Mapped[str] = mapped_column(String(30))
    cluster: Mapped[str | None] = mapped_column(String(40))
    size_class: Mapped[str] = mapped_column(String(10))
    is_sme: Mapped[bool]
    effective_on: Mapped[date | None]  # none: a stub, or kept before the registry sent effective dates


class EnterpriseSizeView(TimestampedMixin, Base):
    """The history of an enterprise's size class and cluster (RULES: the size on the date a rule names),
    one row per date a version of its facts took effect."""

    __tablename__ = "enterprise_size_view"

    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    effective_on: Mapped[date] = mapped_column(primary_key=True)
    size_class: Mapped[str] = mapped_column(String(10))
    is_sme: Mapped[bool]
    cluster: Mapped[str | None] = mapped_column(String(40))


class RecognitionView(TimestampedMixin, Base):
    __tablename__ = "recognition_view"

    recognition_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    tier: Mapped[str] = mapped_column(String(40))
    recognized_on: Mapped[date]
    expires_on: Mapped[date]
    renewal: Mapped[bool]
    held_tier_before: Mapped[bool]
    status: Mapped[str] = mapped_column(String(10))
    revoked_on: Mapped[date | None]
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    # Withdrawn as recorded in error (status `withdrawn`): it never held; why.
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)


class RelocationView(TimestampedMixin, Base):
    __tablename__ = "relocation_view"
    __table_args__ = (UniqueConstraint("uscc", "moved_in_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    moved_in_on: Mapped[date]
    moved_from: Mapped[str] = mapped_column(String(200))
    moved_from_division_code: Mapped[str | None] = mapped_column(String(6))


class ScaleReportView(TimestampedMixin, Base):
    __tablename__ = "scale_report_view"

    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    above_scale: Mapped[bool]


class CreditListView(TimestampedMixin, Base):
    """The registry's credit list entries (信用核查): the latest state of each, by its id."""

    __tablename__ = "credit_list_view"

    entry_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    list: Mapped[str] = mapped_column(String(10))
    listed_on: Mapped[date]
    removed_on: Mapped[date | None]
    authority: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    # The reason in Chinese when the registry wrote it (an inspection's entry); none for a typed reason,
    # or an entry kept before the registry sent it (both read as sent).
    reason_zh: Mapped[str | None] = mapped_column(Text)
