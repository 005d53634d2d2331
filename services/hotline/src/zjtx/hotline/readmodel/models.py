"""What the hotline keeps of other services' data, fed by their events (DESIGN: "Storage"): the
registry's enterprise names and districts, and payments-watch's overdue payables (to link arrears
complaints to them)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin
from zjtx.hotline.base import Base


class EnterpriseView(TimestampedMixin, Base):
    __tablename__ = "enterprise_view"

    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    district_code: Mapped[str] = mapped_column(String(10))


class OverduePayableView(TimestampedMixin, Base):
    __tablename__ = "overdue_payable_view"

    payable_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    contract_no: Mapped[str] = mapped_column(String(100), index=True)
    buyer_code: Mapped[str] = mapped_column(String(64), index=True)
    seller_uscc: Mapped[str] = mapped_column(String(18), index=True)
    outstanding_fen: Mapped[int] = mapped_column(BigInteger)
    due_on: Mapped[date]
