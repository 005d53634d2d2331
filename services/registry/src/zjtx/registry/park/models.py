from __future__ import annotations

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.registry.base import Base


class Park(UUIDKeyMixin, TimestampedMixin, Base):
    """An industrial park; `qualified_on` is the day it reached the A1.park threshold (set once)."""

    __tablename__ = "parks"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    district_code: Mapped[str] = mapped_column(String(10))
    qualified_on: Mapped[date | None]
