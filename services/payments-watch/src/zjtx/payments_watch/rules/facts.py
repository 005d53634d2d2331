"""What the rules know of a contract and of what happened to it: plain values, read by the use cases."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

PUBLIC_KINDS = ("organ", "institution")  # 机关, 事业单位: A10.1
LARGE_KINDS = ("soe", "large_enterprise")  # 大型企业, state-owned ones included: A10.2


@dataclass(frozen=True)
class SellerSize:
    """The seller's size class on the signing date, from the registry's size history. `basis` says how it
    was found: `in_force` (the latest size effective on or before the date) or `earliest_known` (the
    history starts after the date, so its first size is taken)."""

    size_class: str
    is_sme: bool
    effective_on: date
    basis: str = "in_force"


@dataclass(frozen=True)
class ContractTerms:
    contract_no: str
    buyer_kind: str
    signed_on: date
    agreed_term_days: int | None
    acceptance_required: bool
    acceptance_period_days: int | None
    periodic_settlement: bool
    agreed_overdue_rate: Decimal | None  # a yearly rate as a fraction: 0.0435 is 4.35% a year
    pay_when_paid_clause: bool
    seller_size: SellerSize | None


@dataclass(frozen=True)
class DisputeFacts:
    """Part of a payable disputed from `raised_on` (that day included) until `resolved_on`; on resolution
    `upheld_fen` of it is found owed (due on the resolution day), the rest is no longer owed."""

    amount_fen: int
    raised_on: date
    resolved_on: date | None = None
    upheld_fen: int | None = None  # None while open; on resolution, defaults to the whole amount

    def excluded_on(self, day: date) -> int:
        """What of the payable this dispute keeps from being overdue on `day` (RULES A10: a disputed part
        does not stop the undisputed part from falling due)."""
        if self.raised_on > day:
            return 0
        if self.resolved_on is None or self.resolved_on >= day:
            return self.amount_fen  # open, or its upheld part due today
        return self.amount_fen - self.upheld()

    def written_off_on(self, day: date) -> int:
        """What is no longer owed on `day`: the part not upheld, from the resolution day on."""
        if self.resolved_on is None or self.resolved_on > day:
            return 0
        return self.amount_fen - self.upheld()

    def upheld(self) -> int:
        return self.amount_fen if self.upheld_fen is None else self.upheld_fen


@dataclass(frozen=True)
class Allocation:
    """Part of a payment applied to a payable."""

    payment_id: uuid.UUID
    paid_on: date
    amount_fen: int


@dataclass(frozen=True)
class PayableFacts:
    """A delivery's (or, under periodic settlement, a confirmed settlement's) amount and what happened to it."""

    payable_id: uuid.UUID
    source: str  # delivery | settlement
    basis_on: date  # delivered_on or confirmed_on
    amount_fen: int
    accepted_on: date | None = None
    allocations: tuple[Allocation, ...] = ()
    disputes: tuple[DisputeFacts, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PaymentFacts:
    payment_id: uuid.UUID
    paid_on: date
    amount_fen: int
