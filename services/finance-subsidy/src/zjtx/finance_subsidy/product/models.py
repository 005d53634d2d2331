from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.finance_subsidy.base import Base


class LoanProduct(UUIDKeyMixin, TimestampedMixin, Base):
    """A bank's financing product (A5.4) and the conditions an enterprise must meet for it."""

    __tablename__ = "loan_products"
    __table_args__ = (UniqueConstraint("bank_code", "code"),)

    bank_code: Mapped[str] = mapped_column(String(20), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    product_type: Mapped[str] = mapped_column(String(40), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    max_amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    rate_note: Mapped[str | None] = mapped_column(String(200))
    conditions: Mapped[dict[str, Any]] = mapped_column(JSONB)
    active: Mapped[bool] = mapped_column(default=True)
