from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Identity, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.common.workflow import COMMITTED, FINAL, STATUSES, ApprovalColumns
from zjtx.finance_subsidy.base import Base


class Subsidy(UUIDKeyMixin, TimestampedMixin, ApprovalColumns, Base):
    """A payment of A5.1 for one interest period, through the approval workflow. A period has one, or,
    when its facts changed after a payment, a further one for what is still due (`already_paid_fen`
    says what earlier ones covered); what was paid and is no longer due is `recovery_due_fen`. At most
    one unpaid subsidy per period: the database itself refuses a second."""

    __tablename__ = "subsidies"
    __table_args__ = (
        Index(
            "uq_subsidies_unpaid_period",
            "period_id",
            unique=True,
            postgresql_where=text("status IN ('computed', 'reviewed', 'approved')"),
        ),
        Index("ix_subsidies_uscc_year", "uscc", "year"),
    )

    # The order subsidies were computed in (lists page by it; created_at is the transaction's start).
    seq: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)
    period_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("interest_periods.id", ondelete="CASCADE"), index=True)
    period_revision: Mapped[int] = mapped_column(Integer)
    uscc: Mapped[str] = mapped_column(String(18))
    bank_code: Mapped[str] = mapped_column(String(20), index=True)
    loan_id: Mapped[str] = mapped_column(String(64))
    period_start: Mapped[date]
    period_end: Mapped[date]
    interest_paid_on: Mapped[date]
    year: Mapped[int] = mapped_column(Integer)
    district_code: Mapped[str] = mapped_column(String(10))
    rule: Mapped[str] = mapped_column(String(10))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    entitled_fen: Mapped[int] = mapped_column(BigInteger)
    already_paid_fen: Mapped[int] = mapped_column(BigInteger)
    parameters_version: Mapped[str] = mapped_column(String(100))
    explanation: Mapped[dict[str, Any]] = mapped_column(JSONB)
    supersedes_id: Mapped[uuid.UUID | None]
    recovery_due_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    recovery_reason: Mapped[str | None] = mapped_column(Text)

    funding: Mapped[list[SubsidyFunding]] = relationship(lazy="raise", order_by="SubsidyFunding.position")


class SubsidyFunding(Base):
    """F.1: who pays which part of a subsidy; the parts add up to the amount to the fen."""

    __tablename__ = "subsidy_funding"

    subsidy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subsidies.id", ondelete="CASCADE"), primary_key=True)
    funder: Mapped[str] = mapped_column(String(10), primary_key=True)
    position: Mapped[int]
    amount_fen: Mapped[int] = mapped_column(BigInteger)


__all__ = ["COMMITTED", "FINAL", "STATUSES", "Subsidy", "SubsidyFunding"]
