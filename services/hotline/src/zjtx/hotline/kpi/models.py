"""The rates' sums: what tickets contribute, per day of receipt and department (kpi.rules). Every
change of a ticket appends its difference to `kpi_delta` (append only: writers never wait on each
other); the compaction job folds the deltas into `kpi_daily`. A window's rates are the sums of both."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Identity, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.hotline.base import Base


class _Counts:
    received: Mapped[int] = mapped_column(Integer, default=0)
    responded: Mapped[int] = mapped_column(Integer, default=0)
    replied: Mapped[int] = mapped_column(Integer, default=0)
    resolved: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    basically_satisfied: Mapped[int] = mapped_column(Integer, default=0)
    unsatisfied: Mapped[int] = mapped_column(Integer, default=0)


class KpiDelta(_Counts, Base):
    __tablename__ = "kpi_delta"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    day: Mapped[date]
    department: Mapped[str] = mapped_column(String(20))  # "" for a ticket no department holds


class KpiDaily(_Counts, Base):
    __tablename__ = "kpi_daily"

    day: Mapped[date] = mapped_column(primary_key=True)
    department: Mapped[str] = mapped_column(String(20), primary_key=True)
