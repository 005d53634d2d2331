from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin
from zjtx.payments_watch.base import Base


class Buyer(TimestampedMixin, Base):
    """A buyer, by its unified social credit code. The risk columns hold the last A10.5 computation
    (the hourly scan and every change keep them current); `risk_as_of` is its date."""

    __tablename__ = "buyers"

    code: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    district_code: Mapped[str] = mapped_column(String(10), index=True)
    supervisor: Mapped[str] = mapped_column(String(200))
    risk_score: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0.00"))
    risk_level: Mapped[str] = mapped_column(String(10), default="low", index=True)
    risk_as_of: Mapped[date | None]
