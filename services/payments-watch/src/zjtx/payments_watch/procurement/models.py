from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.payments_watch.base import Base


class ProcurementPlan(UUIDKeyMixin, TimestampedMixin, Base):
    """One version of a unit's yearly plan, as submitted, and its check. A revised plan is a new version
    (RULES A9 decision); the latest is the one in force."""

    __tablename__ = "procurement_plans"
    __table_args__ = (UniqueConstraint("buyer_code", "year", "version"),)

    buyer_code: Mapped[str] = mapped_column(ForeignKey("buyers.code"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    version: Mapped[int]
    total_budget_fen: Mapped[int] = mapped_column(BigInteger)
    sme_reserved_fen: Mapped[int] = mapped_column(BigInteger)
    small_micro_reserved_fen: Mapped[int] = mapped_column(BigInteger)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    compliant: Mapped[bool | None]
    violations: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    reason: Mapped[str | None] = mapped_column(String(300))
    explanation: Mapped[dict[str, Any]] = mapped_column(JSONB)
    parameters_version: Mapped[str] = mapped_column(String(100))
