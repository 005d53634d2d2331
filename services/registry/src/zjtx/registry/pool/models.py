from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.registry.base import Base

POOLS = ("growth_small_micro", "zjtx_demonstration", "little_giant_candidates", "scale_up")


class PoolMembership(UUIDKeyMixin, TimestampedMixin, Base):
    """A dated stay of an enterprise in a cultivation pool (A1.pools, A4.pool)."""

    __tablename__ = "pool_memberships"
    __table_args__ = (
        Index("uq_pool_memberships_active", "pool", "uscc", unique=True, postgresql_where=text("left_on IS NULL")),
    )

    pool: Mapped[str] = mapped_column(String(40))
    uscc: Mapped[str] = mapped_column(ForeignKey("enterprises.uscc"), index=True)
    joined_on: Mapped[date]
    left_on: Mapped[date | None]
