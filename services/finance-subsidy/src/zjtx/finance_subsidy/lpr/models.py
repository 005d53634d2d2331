from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin
from zjtx.finance_subsidy.base import Base


class LprEntry(TimestampedMixin, Base):
    """A publication entered through the API (POST /v1/lpr), after those shipped with the platform
    (zjtx.common.lpr, the facts' lpr.csv); together they are the LPR table."""

    __tablename__ = "lpr_publications"

    published_on: Mapped[date] = mapped_column(primary_key=True)
    one_year: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    five_year: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    entered_by: Mapped[str] = mapped_column(String(100))
