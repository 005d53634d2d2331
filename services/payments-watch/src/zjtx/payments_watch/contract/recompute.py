"""A contract's derived state, written back whenever a fact about it arrives (in any order): how the
regulation reads it (rules.terms), which payable each payment pays (rules.allocation), and what the
database keeps of each payable for selecting by date (rules.payable.project). The caller holds the
contract's row lock."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from zjtx.common.calendar import WorkingCalendar, load_calendar
from zjtx.common.kit.context import Context
from zjtx.common.lpr import LprTable
from zjtx.common.rules import yuan
from zjtx.common.web.audit import record_audit
from zjtx.payments_watch import errors
from zjtx.payments_watch.contract import repository
from zjtx.payments_watch.contract.models import Contract, Payable
from zjtx.payments_watch.lpr import repository as lpr_repository
from zjtx.payments_watch.risk import service as risk_service
from zjtx.payments_watch.rules.allocation import allocate
from zjtx.payments_watch.rules.facts import (
    Allocation,
    ContractTerms,
    DisputeFacts,
    PayableFacts,
    PaymentFacts,
    SellerSize,
)
from zjtx.payments_watch.rules.payable import project
from zjtx.payments_watch.rules.terms import Classification, classify
from zjtx.payments_watch.seller import repository as seller_repository


def calendar() -> WorkingCalendar:
    return load_calendar()


def terms_of(contract: Contract) -> ContractTerms:
    size = None
    if contract.seller_size_at_signing is not None:
        size = SellerSize(
            contract.seller_size_at_signing,
            bool(contract.seller_is_sme_at_signing),
            contract.seller_size_effective_on or contract.signed_on,
            contract.seller_size_basis or "in_force",
        )
    return ContractTerms(
        contract_no=contract.contract_no,
        buyer_kind=contract.buyer_kind,
        signed_on=contract.signed_on,
        agreed_term_days=contract.agreed_term_days,
        acceptance_required=contract.acceptance_required,
        acceptance_period_days=contract.acceptance_period_days,
        periodic_settlement=contract.periodic_settlement,
        agreed_overdue_rate=None if contract.agreed_overdue_rate is None else contract.agreed_overdue_rate.normalize(),
        pay_when_paid_clause=contract.pay_when_paid_clause,
        seller_size=size,
    )


def classification_columns(classification: Classification, parameters_version: str) -> dict:
    return {
        "regulation_version": classification.regulation_version,
        "monitored": classification.monitored,
        "not_monitored_reason": classification.not_monitored_reason,
        "flags": list(classification.flags),
        "term_days": classification.term_days,
        "due_is_reference": classification.due_is_reference,
        "daily_rate": classification.daily_rate,
        "rate_basis": classification.rate_basis,
        "explanation": classification.explanation.as_dict(),
        "parameters_version": parameters_version,
    }


def size_columns(size: SellerSize | None) -> dict:
    return {
        "seller_size_at_signing": None if size is None else size.size_class,
        "seller_is_sme_at_signing": None if size is None else size.is_sme,
        "seller_size_effective_on": None if size is None else size.effective_on,
        "seller_size_basis": None if size is None else size.basis,
    }


@dataclass
class Loaded:
    """A contract's facts as the rules take them, with its reading."""

    contract: Contract
    terms: ContractTerms
    classification: Classification
    payables: list[PayableFacts]
    rows: dict[uuid.UUID, Payable]
    payments: list[PaymentFacts]


async def load(ctx: Context, contract: Contract, *, lpr: LprTable | None = None, stored: bool = True) -> Loaded:
    """The contract's facts; `stored`: with the allocations as stored (reads), else none (to allocate)."""
    facts = await repository.facts_of(ctx.session, contract.id)
    terms = terms_of(contract)
    classification = classify(terms, parameters=ctx.parameters, lpr=lpr or await lpr_repository.lpr_table(ctx.session))
    accepted = {d.id: d.accepted_on for d in facts.deliveries}
    disputes: dict[uuid.UUID, list[DisputeFacts]] = {}
    for d in facts.disputes:
        disputes.setdefault(d.payable_id, []).append(
            DisputeFacts(d.amount_fen, d.raised_on, d.resolved_on, d.upheld_fen)
        )
    allocations: dict[uuid.UUID, list[Allocation]] = {}
    if stored:
        for a in facts.allocations:
            allocations.setdefault(a.payable_id, []).append(Allocation(a.payment_id, a.paid_on, a.amount_fen))
    payables = [
        PayableFacts(
            payable_id=p.id,
            source=p.source,
            basis_on=p.basis_on,
            amount_fen=p.amount_fen,
            accepted_on=accepted.get(p.delivery_id) if p.delivery_id else None,
            allocations=tuple(allocations.get(p.id, ())),
            disputes=tuple(disputes.get(p.id, ())),
        )
        for p in facts.payables
    ]
    payments = [PaymentFacts(p.id, p.paid_on, p.amount_fen) for p in facts.payments]
    return Loaded(contract, terms, classification, payables, {p.id: p for p in facts.payables}, payments)


async def refresh(ctx: Context, contract: Contract, *, lpr: LprTable | None = None) -> Loaded:
    """Read the contract again and write back what follows: its reading (audited when it changes), the
    allocations, each payable's due date, first overdue day and settlement day. Overpayment (more paid
    than is owed once disputes are resolved) is refused: the caller's transaction is rolled back."""
    loaded = await load(ctx, contract, lpr=lpr, stored=False)
    await _store_reading(ctx, contract, loaded.classification)
    by_payable, unallocated = allocate(loaded.payables, loaded.payments)
    if unallocated > 0:
        owed = sum(p.amount_fen for p in loaded.payables) - sum(
            d.amount_fen - d.upheld() for p in loaded.payables for d in p.disputes if d.resolved_on
        )
        paid = sum(p.amount_fen for p in loaded.payments)
        raise errors.Overpayment(
            f"{yuan(paid)} paid in all on {contract.contract_no}, which comes to {yuan(owed)} owed "
            f"(deliveries or settlements recorded, less what disputes wrote off): {yuan(unallocated)} too much"
        )
    await repository.replace_allocations(
        ctx.session,
        contract.id,
        [
            {
                "payable_id": payable_id,
                "payment_id": a.payment_id,
                "contract_id": contract.id,
                "paid_on": a.paid_on,
                "amount_fen": a.amount_fen,
            }
            for payable_id, parts in by_payable.items()
            for a in parts
        ],
    )
    cal = calendar()
    refreshed = []
    for payable in loaded.payables:
        payable = PayableFacts(
            payable.payable_id,
            payable.source,
            payable.basis_on,
            payable.amount_fen,
            payable.accepted_on,
            tuple(by_payable[payable.payable_id]),
            payable.disputes,
        )
        refreshed.append(payable)
        projection = project(loaded.terms, loaded.classification, payable, cal)
        values = {
            "clock_start": projection.clock_start,
            "clock_basis": projection.clock_basis,
            "due_on": projection.due_on,
            "due_on_provisional": projection.due_on_provisional,
            "overdue_from": projection.overdue_from,
            "settled_on": projection.settled_on,
            "paid_fen": projection.paid_fen,
        }
        row = loaded.rows[payable.payable_id]
        if any(getattr(row, key) != value for key, value in values.items()):
            await repository.update_payable(ctx.session, row.id, values)
    loaded.payables = refreshed
    return loaded


async def _store_reading(ctx: Context, contract: Contract, classification: Classification) -> None:
    columns = classification_columns(classification, ctx.parameters.version)
    shown = ("regulation_version", "monitored", "not_monitored_reason", "flags", "term_days", "daily_rate")
    before = {key: getattr(contract, key) for key in columns}
    if all(before[key] == value for key, value in columns.items()):
        return
    for key, value in columns.items():
        setattr(contract, key, value)
    await ctx.session.flush()
    changed = {key: _plain(columns[key]) for key in shown if before[key] != columns[key]}
    if changed:  # the explanation or the parameters' version alone is no change of substance
        await record_audit(
            ctx.session,
            actor=ctx.actor,
            action="contract.reread",
            entity_type="contract",
            entity_id=contract.contract_no,
            before={key: _plain(before[key]) for key in changed},
            after=changed,
        )


async def review_seller_contracts(ctx: Context, uscc: str) -> int:
    """The seller's size history changed: each contract takes the size in force on its signing date."""
    reviewed: list[Contract] = []
    for contract in await repository.of_seller(ctx.session, uscc):  # all locked before any buyer
        size = await seller_repository.size_on(ctx.session, uscc, contract.signed_on)
        columns = size_columns(size)
        if all(getattr(contract, key) == value for key, value in columns.items()):
            continue
        before = {key: _plain(getattr(contract, key)) for key in columns}
        for key, value in columns.items():
            setattr(contract, key, value)
        await ctx.session.flush()
        await record_audit(
            ctx.session,
            actor=ctx.actor,
            action="contract.seller_size_revised",
            entity_type="contract",
            entity_id=contract.contract_no,
            before=before,
            after={key: _plain(value) for key, value in columns.items()},
        )
        await refresh(ctx, contract)
        reviewed.append(contract)
    await _buyers_risk(ctx, {c.buyer_code for c in reviewed})
    return len(reviewed)


async def review_rate_contracts(ctx: Context, *, since: date) -> int:
    """An LPR publication arrived: contracts with an agreed rate signed on or after it are read again."""
    lpr = await lpr_repository.lpr_table(ctx.session)
    contracts = await repository.with_agreed_rate_since(ctx.session, since)  # all locked before any buyer
    for contract in contracts:
        await refresh(ctx, contract, lpr=lpr)
    await _buyers_risk(ctx, {c.buyer_code for c in contracts})
    return len(contracts)


async def review(ctx: Context, contract_ids: list[uuid.UUID]) -> int:
    """Contracts read again (a calendar or parameters now known); another replica's are left to it."""
    done = 0
    lpr = await lpr_repository.lpr_table(ctx.session)
    for contract_id in contract_ids:
        contract = await repository.get_by_id(ctx.session, contract_id, for_update=True, skip_locked=True)
        if contract is None:
            continue
        await refresh(ctx, contract, lpr=lpr)
        done += 1
    return done


async def _buyers_risk(ctx: Context, buyer_codes: set[str]) -> None:
    for code in sorted(buyer_codes):  # one order for every transaction that locks several buyers
        await risk_service.refresh_buyer(ctx, code)


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)
