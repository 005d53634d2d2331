from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query

from zjtx.common.rules import localised, said_in
from zjtx.common.uscc import InvalidUSCC, normalise_uscc
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, UsccFilter, problems
from zjtx.finance_subsidy import errors, paging
from zjtx.finance_subsidy.deps import (
    BankCodeFilter,
    BankCodePath,
    BankKeyUnbound,
    LoanIdPath,
    ViewerDep,
)
from zjtx.finance_subsidy.intake.schemas import PRODUCTS_SAID, Product
from zjtx.finance_subsidy.loan import service
from zjtx.finance_subsidy.loan.schemas import (
    HeldEventRead,
    LoanRead,
    LoanSummaryRead,
    PeriodRead,
    PeriodSubsidy,
    RepaymentRead,
    loan_summary,
)
from zjtx.finance_subsidy.pool.schemas import compensation_read, recovery_read

router = Router(prefix="/v1/loans", tags=["loans"])

FlagFilter = Annotated[
    Literal["rate_above_ceiling", "not_zhubaodai_partner"] | None,
    Query(
        description="only loans with this flag: `rate_above_ceiling` (a 助保贷 loan above LPR + 100 bp, A5.2) or "
        "`not_zhubaodai_partner` (a 助保贷 loan of a bank that is not a partner)"
    ),
]
ProductFilter = Annotated[Product | None, Query(description=f"only loans of this product: {PRODUCTS_SAID}")]


@router.get(
    "",
    response_model=Page[LoanSummaryRead],
    summary="Loans as the banks reported them, filtered",
    responses=problems(InvalidCursor, InvalidUSCC, BankKeyUnbound),
)
async def list_loans(
    viewer: ViewerDep,
    language: ReaderLanguage,
    uscc: UsccFilter = None,
    bank_code: BankCodeFilter = None,
    flag: FlagFilter = None,
    product: ProductFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[LoanSummaryRead]:
    """The loans reported by `loan.disbursed`, in the order they were recorded, with their status,
    outstanding principal and flags. A bank's key sees its own bank's loans only."""
    if viewer.bank_code is not None:
        if bank_code not in (None, viewer.bank_code):
            return Page(items=[], next_cursor=None)
        bank_code = viewer.bank_code
    rows = await service.list_loans(
        viewer.ctx,
        uscc=normalise_uscc(uscc) if uscc else None,
        bank_code=bank_code,
        flag=flag,
        product=product,
        limit=limit,
        after=paging.after(cursor),
    )
    return Page(
        items=[LoanSummaryRead(**loan_summary(loan, language)) for loan in rows],
        next_cursor=paging.next_cursor(rows, limit),
    )


@router.get(
    "/{bank_code}/{loan_id:path}",
    response_model=LoanRead,
    summary="One loan: terms, flags, periods, held events",
    responses=problems(errors.LoanNotFound, BankKeyUnbound),
)
async def get_loan(
    bank_code: BankCodePath, loan_id: LoanIdPath, viewer: ViewerDep, language: ReaderLanguage
) -> LoanRead:
    """A loan with everything reported about it: its interest periods and each one's A5.1 decision and
    subsidies, the events held for it, repayments, and for a 助保贷 loan its A5.2 check, A5.3 compensation and
    recoveries. 404 `loan_not_found` for a loan not reported (or another bank's, for a bank's key)."""
    loan = await service.get_loan(viewer.ctx, bank_code, loan_id, viewer_bank=viewer.bank_code)
    details = await service.loan_details(viewer.ctx, loan)
    compensation = details["compensation"]
    return LoanRead(
        **loan_summary(loan, language),
        defaulted_on=loan.defaulted_on,
        periods=[
            PeriodRead(
                period_start=p.period_start,
                period_end=p.period_end,
                outstanding_principal=p.outstanding_fen,
                interest_amount=p.interest_fen,
                paid_on=p.interest_paid_on,
                revision=p.revision,
                decision=p.decision_status,
                code=p.decision_code,
                entitled=p.entitled_fen,
                explanation=localised(p.explanation, language),
                subsidies=[
                    PeriodSubsidy(id=s.id, amount=s.amount_fen, status=s.status, recovery_due=s.recovery_due_fen)
                    for s in records
                ],
            )
            for p, records in details["periods"]
        ],
        held_events=[
            HeldEventRead(
                event_id=e.event_id,
                type=e.event_type,
                status=e.status,
                reason=said_in(language, e.reason, e.reason_zh),
                received_at=e.received_at,
            )
            for e in details["held_events"]
        ],
        repayments=[RepaymentRead(amount=r.amount_fen, repaid_on=r.repaid_on) for r in details["repayments"]],
        compensation=compensation_read(compensation, language) if compensation else None,
        recoveries=[recovery_read(r) for r in details["recoveries"]],
    )
