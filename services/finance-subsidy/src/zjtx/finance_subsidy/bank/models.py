from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin
from zjtx.finance_subsidy.base import Base


class Bank(TimestampedMixin, Base):
    """A bank that reports loans; a 助保贷 partner's 助保贷 loans have the A5.2 terms and the A5.3 cover.
    Its clients (API keys) carry its code and their webhook secret as attributes."""

    __tablename__ = "banks"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    zhubaodai_partner: Mapped[bool]
