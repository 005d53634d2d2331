"""A contract as the API shows it, from the stored contract and its state as of a date."""

from __future__ import annotations

from zjtx.common.rules import localised
from zjtx.payments_watch.contract.models import Contract
from zjtx.payments_watch.contract.schemas import ContractRead, ContractSummary, PayableRead


def contract_read(contract: Contract, loaded, state, *, language: str) -> ContractRead:
    classification = loaded.classification
    provisional = list(classification.provisional)
    # the English lines are the ones tagged "provisional"; the list shown stays as it was
    provisional += sorted({r for p in state.payables for r in p.explanation.reasons if r.startswith("provisional")})
    return ContractRead(
        contract_no=contract.contract_no,
        buyer_code=contract.buyer_code,
        buyer_kind=contract.buyer_kind,
        seller_uscc=contract.seller_uscc,
        amount=contract.amount_fen,
        subject=contract.subject,
        signed_on=contract.signed_on,
        agreed_term_days=contract.agreed_term_days,
        acceptance_required=contract.acceptance_required,
        acceptance_period_days=contract.acceptance_period_days,
        periodic_settlement=contract.periodic_settlement,
        agreed_overdue_rate=loaded.terms.agreed_overdue_rate,
        pay_when_paid_clause=contract.pay_when_paid_clause,
        regulation_version=classification.regulation_version,
        seller_size_at_signing=contract.seller_size_at_signing,
        seller_size_effective_on=contract.seller_size_effective_on,
        monitored=classification.monitored,
        not_monitored_reason=classification.not_monitored_reason,
        flags=classification.flags,
        term_days=classification.term_days,
        due_is_reference=classification.due_is_reference,
        overdue_rate_per_day=classification.daily_rate,
        rate_basis=classification.rate_basis,
        explanation=localised(classification.explanation.as_dict(), language),
        as_of=state.as_of,
        overdue_amount=state.overdue_fen,
        overdue_interest=state.interest_fen,
        outstanding=state.outstanding_fen,
        provisional=provisional,
        payables=[
            PayableRead(
                id=p.payable_id,
                source=p.source,
                basis_on=p.basis_on,
                amount=p.amount_fen,
                clock_start=p.clock_start,
                clock_basis=p.clock_basis,
                due_on=p.due_on,
                due_on_provisional=p.due_on_provisional,
                due_is_reference=p.due_is_reference,
                paid=p.paid_fen,
                outstanding=p.outstanding_fen,
                disputed=p.disputed_fen,
                overdue=p.overdue_fen,
                days_overdue=p.days_overdue,
                overdue_interest=p.interest_fen,
                explanation=localised(p.explanation.as_dict(), language),
            )
            for p in state.payables
        ],
        parameters_version=contract.parameters_version,
        created_at=contract.created_at,
        updated_at=contract.updated_at,
    )


def contract_summary(contract: Contract, overdue_fen: int) -> ContractSummary:
    return ContractSummary(
        contract_no=contract.contract_no,
        buyer_code=contract.buyer_code,
        buyer_kind=contract.buyer_kind,
        seller_uscc=contract.seller_uscc,
        amount=contract.amount_fen,
        subject=contract.subject,
        signed_on=contract.signed_on,
        regulation_version=contract.regulation_version,
        seller_size_at_signing=contract.seller_size_at_signing,
        monitored=contract.monitored,
        not_monitored_reason=contract.not_monitored_reason,
        flags=contract.flags,
        overdue_amount=overdue_fen,
        created_at=contract.created_at,
        updated_at=contract.updated_at,
    )
