from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Numeric, String, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.payments_watch.base import Base


class Contract(UUIDKeyMixin, TimestampedMixin, Base):
    """A contract as registered, and how the regulation reads it (kept current when a fact it depends on
    arrives later: the seller's size history, an LPR publication)."""

    __tablename__ = "contracts"

    contract_no: Mapped[str] = mapped_column(String(80), unique=True)
    buyer_code: Mapped[str] = mapped_column(ForeignKey("buyers.code"), index=True)
    buyer_kind: Mapped[str] = mapped_column(String(20))  # the buyer's kind when the contract was registered
    seller_uscc: Mapped[str] = mapped_column(String(18), index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    subject: Mapped[str] = mapped_column(String(10))
    signed_on: Mapped[date]
    agreed_term_days: Mapped[int | None]
    acceptance_required: Mapped[bool]
    acceptance_period_days: Mapped[int | None]
    periodic_settlement: Mapped[bool]
    agreed_overdue_rate: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    pay_when_paid_clause: Mapped[bool]
    # How the regulation reads it.
    seller_size_at_signing: Mapped[str | None] = mapped_column(String(10))
    seller_is_sme_at_signing: Mapped[bool | None]
    seller_size_effective_on: Mapped[date | None]
    seller_size_basis: Mapped[str | None] = mapped_column(String(20))
    regulation_version: Mapped[str | None] = mapped_column(String(4))
    monitored: Mapped[bool]
    not_monitored_reason: Mapped[str | None] = mapped_column(String(40))
    flags: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    term_days: Mapped[int | None]
    due_is_reference: Mapped[bool]
    daily_rate: Mapped[Decimal | None] = mapped_column(Numeric)  # exact: rate / 365 is not rounded
    rate_basis: Mapped[str | None] = mapped_column(String(30))
    explanation: Mapped[dict[str, Any]] = mapped_column(JSONB)
    parameters_version: Mapped[str] = mapped_column(String(100))


class Delivery(UUIDKeyMixin, TimestampedMixin, Base):
    __tablename__ = "deliveries"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    delivered_on: Mapped[date]
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    accepted_on: Mapped[date | None]
    acceptance_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("acceptances.id"))


class Acceptance(UUIDKeyMixin, TimestampedMixin, Base):
    __tablename__ = "acceptances"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    accepted_on: Mapped[date]


class Settlement(UUIDKeyMixin, TimestampedMixin, Base):
    """A periodic settlement's amount, confirmed by both sides (A10.3)."""

    __tablename__ = "settlements"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    confirmed_on: Mapped[date]
    amount_fen: Mapped[int] = mapped_column(BigInteger)


class Payment(UUIDKeyMixin, TimestampedMixin, Base):
    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("contract_id", "reference"),)

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    paid_on: Mapped[date]
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(100))


class Payable(UUIDKeyMixin, TimestampedMixin, Base):
    """What one delivery (or, under periodic settlement, one confirmed settlement) makes owed. Besides its
    amount it keeps, on every fact known, its due date, the first day it is overdue and the day it was
    settled, so that the scan, the risk and the reports select by date in the database; and the marker
    that its `became_overdue` event was published (once)."""

    __tablename__ = "payables"
    __table_args__ = (
        # The scan: overdue and not yet published.
        Index(
            "ix_payables_to_publish",
            "overdue_from",
            postgresql_where=text("overdue_notified_on IS NULL AND overdue_from IS NOT NULL"),
        ),
        # Risk and disclosure: everything that ever fell overdue.
        Index("ix_payables_overdue_from", "overdue_from", postgresql_where=text("overdue_from IS NOT NULL")),
        Index("ix_payables_provisional", "due_on", postgresql_where=text("due_on_provisional")),
    )

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    source: Mapped[str] = mapped_column(String(12))  # delivery | settlement
    delivery_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("deliveries.id"), unique=True)
    settlement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("settlements.id"), unique=True)
    basis_on: Mapped[date]
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    clock_start: Mapped[date | None]
    clock_basis: Mapped[str] = mapped_column(String(30))
    due_on: Mapped[date | None]
    due_on_provisional: Mapped[bool] = mapped_column(default=False)
    overdue_from: Mapped[date | None]
    settled_on: Mapped[date | None]
    paid_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    overdue_notified_on: Mapped[date | None]
    overdue_event_id: Mapped[uuid.UUID | None]


class Dispute(UUIDKeyMixin, TimestampedMixin, Base):
    __tablename__ = "disputes"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    payable_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payables.id"), index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    raised_on: Mapped[date]
    resolved_on: Mapped[date | None]
    upheld_fen: Mapped[int | None] = mapped_column(BigInteger)


class Allocation(Base):
    """Part of a payment applied to a payable (oldest first: rules.allocation); rewritten with the
    contract's facts."""

    __tablename__ = "allocations"

    payable_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payables.id"), primary_key=True)
    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments.id"), primary_key=True)
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    paid_on: Mapped[date] = mapped_column(index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
