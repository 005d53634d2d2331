"""Builders for the rule tests: a contract's terms, its payables and what happened to them, evaluated
by the rules alone (no database), with the shipped parameters, calendar and LPR table."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from functools import cache

from zjtx.common.calendar import load_calendar
from zjtx.common.lpr import load_lpr
from zjtx.common.parameters import ParameterFile
from zjtx.payments_watch.definition import PAYMENTS_WATCH
from zjtx.payments_watch.rules.allocation import allocate
from zjtx.payments_watch.rules.facts import ContractTerms, DisputeFacts, PayableFacts, PaymentFacts, SellerSize
from zjtx.payments_watch.rules.payable import ContractState, evaluate
from zjtx.payments_watch.rules.terms import Classification, classify

SMALL = SellerSize("small", True, date(2019, 5, 8))
LARGE = SellerSize("large", False, date(2019, 5, 8))


@cache
def parameters() -> ParameterFile:
    return PAYMENTS_WATCH.load_parameters()


def terms(
    kind: str = "organ",
    signed_on: date = date(2025, 7, 1),
    *,
    term: int | None = None,
    acceptance: int | None = None,
    acceptance_required: bool | None = None,
    periodic: bool = False,
    rate: str | None = None,
    pay_when_paid: bool = False,
    seller: SellerSize | None = SMALL,
) -> ContractTerms:
    return ContractTerms(
        contract_no="HHHT-TEST-001",
        buyer_kind=kind,
        signed_on=signed_on,
        agreed_term_days=term,
        acceptance_required=acceptance is not None if acceptance_required is None else acceptance_required,
        acceptance_period_days=acceptance,
        periodic_settlement=periodic,
        agreed_overdue_rate=None if rate is None else Decimal(rate),
        pay_when_paid_clause=pay_when_paid,
        seller_size=seller,
    )


def read(contract: ContractTerms, lpr=None) -> Classification:
    return classify(contract, parameters=parameters(), lpr=lpr or load_lpr())


def fen(yuan: str) -> int:
    return int(Decimal(yuan) * 100)


def payable(
    basis_on: date,
    amount: str,
    *,
    source: str = "delivery",
    accepted_on: date | None = None,
    disputes: tuple[DisputeFacts, ...] = (),
) -> PayableFacts:
    return PayableFacts(uuid.uuid4(), source, basis_on, fen(amount), accepted_on=accepted_on, disputes=disputes)


def dispute(amount: str, raised_on: date, resolved_on: date | None = None, upheld: str | None = None) -> DisputeFacts:
    upheld_fen = None if upheld is None else fen(upheld)
    if resolved_on is not None and upheld_fen is None:
        upheld_fen = fen(amount)
    return DisputeFacts(fen(amount), raised_on, resolved_on, upheld_fen)


def paid(on: date, amount: str) -> PaymentFacts:
    return PaymentFacts(uuid.uuid4(), on, fen(amount))


def state(
    contract: ContractTerms,
    payables: list[PayableFacts],
    payments: list[PaymentFacts] = (),
    *,
    as_of: date,
    classification: Classification | None = None,
) -> ContractState:
    """The contract as of a day, the payments allocated as the service allocates them."""
    by_payable, unallocated = allocate(payables, list(payments))
    assert unallocated == 0, "more paid than owed"
    allocated = [
        PayableFacts(
            p.payable_id, p.source, p.basis_on, p.amount_fen, p.accepted_on, tuple(by_payable[p.payable_id]), p.disputes
        )
        for p in payables
    ]
    return evaluate(
        contract,
        classification or read(contract),
        allocated,
        as_of=as_of,
        calendar=load_calendar(),
        parameters=parameters(),
    )


def yuan(fen_amount: int) -> str:
    return f"{Decimal(fen_amount) / 100:.2f}"
