from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, column, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.finance_subsidy.base import Base


class Loan(UUIDKeyMixin, TimestampedMixin, Base):
    """A loan as its bank reported it (`loan.disbursed`), with what followed: repayments, a default. Its
    flags and its A5.2 check are decided from the facts (the LPR on its disbursement date)."""

    __tablename__ = "loans"
    __table_args__ = (UniqueConstraint("bank_code", "loan_id"),)

    bank_code: Mapped[str] = mapped_column(String(20), index=True)
    loan_id: Mapped[str] = mapped_column(String(64))
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    principal_fen: Mapped[int] = mapped_column(BigInteger)
    annual_rate: Mapped[Decimal] = mapped_column(Numeric(7, 4))
    disbursed_on: Mapped[date] = mapped_column(index=True)
    maturity_on: Mapped[date]
    purpose: Mapped[str] = mapped_column(String(20))
    product: Mapped[str] = mapped_column(String(12))
    repaid_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    defaulted_on: Mapped[date | None]
    outstanding_at_default_fen: Mapped[int | None] = mapped_column(BigInteger)
    flags: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    # A5.2 for a 助保贷 loan: within_ceiling, rate_above_ceiling, not_zhubaodai_partner, waiting_lpr, before_policy.
    ceiling_status: Mapped[str | None] = mapped_column(String(24))
    ceiling: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    source_event_id: Mapped[str] = mapped_column(String(100))

    @property
    def outstanding_fen(self) -> int:
        if self.defaulted_on is not None and self.outstanding_at_default_fen is not None:
            return self.outstanding_at_default_fen
        return max(0, self.principal_fen - self.repaid_fen)

    @property
    def status(self) -> str:
        if self.defaulted_on is not None:
            return "defaulted"
        return "repaid" if self.repaid_fen >= self.principal_fen else "active"


class InterestPeriod(UUIDKeyMixin, TimestampedMixin, Base):
    """One interest period as the bank reported it (`loan.interest_paid`); a report of the same period
    with other figures is a correction (its `revision` goes up). Its A5.1 decision, from the facts, is
    kept with it; the subsidies paid for it are `Subsidy` rows."""

    __tablename__ = "interest_periods"
    __table_args__ = (
        UniqueConstraint("loan_ref", "period_start", "period_end"),
        # No two periods of a loan share a day ([start, end)): the database itself refuses an overlap,
        # whichever transaction comes second (btree_gist, created by the first migration).
        ExcludeConstraint(
            (column("loan_ref"), "="),
            (func.daterange(column("period_start"), column("period_end")), "&&"),
            using="gist",
            name="ex_interest_periods_overlap",
        ),
        Index("ix_interest_periods_uscc_year", "uscc", "year"),
    )

    loan_ref: Mapped[uuid.UUID] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"), index=True)
    bank_code: Mapped[str] = mapped_column(String(20))
    loan_id: Mapped[str] = mapped_column(String(64))
    uscc: Mapped[str] = mapped_column(String(18))
    period_start: Mapped[date]
    period_end: Mapped[date]
    outstanding_fen: Mapped[int] = mapped_column(BigInteger)
    interest_fen: Mapped[int] = mapped_column(BigInteger)
    interest_paid_on: Mapped[date]
    year: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    source_event_id: Mapped[str] = mapped_column(String(100), index=True)
    decision_status: Mapped[str] = mapped_column(String(12))
    decision_code: Mapped[str | None] = mapped_column(String(40))
    entitled_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSONB)


class Repayment(UUIDKeyMixin, TimestampedMixin, Base):
    __tablename__ = "repayments"

    loan_ref: Mapped[uuid.UUID] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"), index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    repaid_on: Mapped[date]
    source_event_id: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
