from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.registry.base import Base

# 专精特新 levels: what counts for the park plaque (A1.park) and "专精特新 SME" elsewhere.
ZJTX_TIERS = ("municipal_zjtx", "region_zjtx", "region_little_giant", "national_little_giant")
TIERS = (*ZJTX_TIERS, "single_champion", "innovative_sme")
WITHDRAWN = "withdrawn"  # recorded in error: counts for nothing anywhere


class Recognition(UUIDKeyMixin, TimestampedMixin, Base):
    """A recognition of an enterprise at one tier. Status: valid, renewed (replaced by its renewal),
    expired, revoked, withdrawn (recorded in error: it never held, and counts for nothing). At most one
    valid recognition per enterprise and tier, enforced by the database."""

    __tablename__ = "recognitions"
    __table_args__ = (
        Index("uq_recognitions_live_tier", "uscc", "tier", unique=True, postgresql_where=text("status = 'valid'")),
    )

    uscc: Mapped[str] = mapped_column(ForeignKey("enterprises.uscc"), index=True)
    tier: Mapped[str] = mapped_column(String(40))
    document_no: Mapped[str] = mapped_column(String(100))
    recognized_on: Mapped[date]
    expires_on: Mapped[date]
    renewal: Mapped[bool]
    held_tier_before: Mapped[bool]
    status: Mapped[str] = mapped_column(String(10), default="valid")
    revoked_on: Mapped[date | None]
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)

    def is_valid_on(self, day: date) -> bool:
        if self.recognized_on > day or day >= self.expires_on:
            return False
        return not (self.revoked_on is not None and self.revoked_on <= day)
