from __future__ import annotations

from typing import Annotated

from fastapi import Query

from zjtx.common.dates import DateInFuture, DateTooEarly
from zjtx.common.uscc import InvalidUSCC, normalise_uscc
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, UsccFilter, UsccPath, Year, problems
from zjtx.common.workflow import (
    DisburseBody,
    InvalidPayment,
    InvalidTransition,
    RejectBody,
    ReviewBody,
    SameClientApproval,
)
from zjtx.finance_subsidy import errors, paging
from zjtx.finance_subsidy.deps import (
    ApproveContext,
    BankCodeFilter,
    BankKeyUnbound,
    DisburseContext,
    LoanIdFilter,
    ReadContext,
    ReviewContext,
    SubsidyIdPath,
    ViewerDep,
)
from zjtx.finance_subsidy.subsidy import service
from zjtx.finance_subsidy.subsidy.schemas import (
    STATUSES_SAID,
    PeriodSummary,
    Status,
    SubsidyRead,
    SubsidySummary,
    subsidy_read,
)

router = Router(prefix="/v1", tags=["subsidies"])

PaidIn = Annotated[
    Year | None,
    Query(description="only subsidies of interest paid in this calendar year (1949 to 2099): A5.1's cap year"),
]
StatusFilter = Annotated[Status | None, Query(description=f"only subsidies in this status: {STATUSES_SAID}")]
SummaryYear = Annotated[Year, Query(description="the calendar year of interest payments (1949 to 2099; 2022 on)")]
MOVE = problems(errors.SubsidyNotFound, InvalidTransition)


@router.get(
    "/subsidies",
    response_model=Page[SubsidyRead],
    summary="A5.1 subsidies, filtered, oldest first",
    responses=problems(InvalidCursor, InvalidUSCC, BankKeyUnbound),
)
async def list_subsidies(
    viewer: ViewerDep,
    language: ReaderLanguage,
    uscc: UsccFilter = None,
    bank_code: BankCodeFilter = None,
    loan_id: LoanIdFilter = None,
    year: PaidIn = None,
    status: StatusFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[SubsidyRead]:
    """The interest subsidies of A5.1 (a 小巨人's production and operating loan: 50% of the 1-year LPR on the
    disbursement date, at most the interest paid and 500,000.00 per enterprise and calendar year), one per
    interest period (a correction adds one or revokes one), in the order computed. A bank's key sees its own
    bank's subsidies only."""
    if viewer.bank_code is not None:
        if bank_code not in (None, viewer.bank_code):
            return Page(items=[], next_cursor=None)
        bank_code = viewer.bank_code
    filters = {
        "uscc": normalise_uscc(uscc) if uscc else None,
        "bank_code": bank_code,
        "loan_id": loan_id,
        "year": year,
        "status": status,
    }
    rows = await service.list_subsidies(viewer.ctx, filters=filters, limit=limit, after=paging.after_seq(cursor))
    return Page(items=[subsidy_read(s, language) for s in rows], next_cursor=paging.next_seq_cursor(rows, limit))


@router.get(
    "/subsidies/{subsidy_id}",
    response_model=SubsidyRead,
    summary="One subsidy with its explanation",
    responses=problems(errors.SubsidyNotFound, BankKeyUnbound),
)
async def get_subsidy(subsidy_id: SubsidyIdPath, viewer: ViewerDep, language: ReaderLanguage) -> SubsidyRead:
    """The subsidy with how it was computed (A5.1) and who pays it (F.1); 404 `subsidy_not_found` for none
    (or another bank's, for a bank's key)."""
    return subsidy_read(await service.get_subsidy(viewer.ctx, subsidy_id, bank_code=viewer.bank_code), language)


@router.post(
    "/subsidies/{subsidy_id}/review", response_model=SubsidyRead, summary="Review a computed subsidy", responses=MOVE
)
async def review(
    subsidy_id: SubsidyIdPath, ctx: ReviewContext, language: ReaderLanguage, body: ReviewBody | None = None
) -> SubsidyRead:
    """computed → reviewed, with an optional note; audited and published (`finance.subsidy.reviewed`). A
    subsidy in another status is 409 `invalid_transition`."""
    return subsidy_read(
        await service.review_subsidy(ctx, subsidy_id=subsidy_id, note=body.note if body else None), language
    )


@router.post(
    "/subsidies/{subsidy_id}/approve",
    response_model=SubsidyRead,
    summary="Approve a reviewed subsidy (another client)",
    responses=problems(errors.SubsidyNotFound, InvalidTransition, SameClientApproval),
)
async def approve(
    subsidy_id: SubsidyIdPath, ctx: ApproveContext, language: ReaderLanguage, body: ReviewBody | None = None
) -> SubsidyRead:
    """reviewed → approved, by a client other than the reviewer (four eyes: 403 `approver_is_reviewer`)."""
    return subsidy_read(
        await service.approve_subsidy(ctx, subsidy_id=subsidy_id, note=body.note if body else None), language
    )


@router.post(
    "/subsidies/{subsidy_id}/reject",
    response_model=SubsidyRead,
    summary="Reject a computed or reviewed subsidy (its place under the yearly cap is freed)",
    responses=MOVE,
)
async def reject(
    subsidy_id: SubsidyIdPath, body: RejectBody, ctx: ReviewContext, language: ReaderLanguage
) -> SubsidyRead:
    """computed or reviewed → rejected, with the reason: final. Its period is closed (it keeps what was paid
    and gets nothing more) and its share of the yearly cap goes to the periods paid after it, which are
    decided again."""
    return subsidy_read(await service.reject_subsidy(ctx, subsidy_id=subsidy_id, reason=body.reason), language)


@router.post(
    "/subsidies/{subsidy_id}/disburse",
    response_model=SubsidyRead,
    summary="Record the payment of an approved subsidy (the finance bureau: finance:disburse)",
    responses=problems(errors.SubsidyNotFound, InvalidTransition, DateInFuture, DateTooEarly, InvalidPayment),
)
async def disburse(
    subsidy_id: SubsidyIdPath, body: DisburseBody, ctx: DisburseContext, language: ReaderLanguage
) -> SubsidyRead:
    """approved → disbursed, with the treasury's reference and the day paid (not after today, not before the
    approval); published as `finance.subsidy.disbursed`."""
    subsidy = await service.disburse_subsidy(
        ctx, subsidy_id=subsidy_id, payment_reference=body.payment_reference, paid_on=body.paid_on
    )
    return subsidy_read(subsidy, language)


@router.get(
    "/enterprises/{uscc}/subsidy-summary",
    response_model=SubsidySummary,
    summary="An enterprise's year under A5.1: the cap, what is used, what remains, its periods",
    responses=problems(InvalidUSCC, errors.EnterpriseNotFound, errors.BeforePolicy),
)
async def subsidy_summary(uscc: UsccPath, year: SummaryYear, ctx: ReadContext) -> SubsidySummary:
    """A5.1's yearly cap (500,000.00 per enterprise and calendar year of payment), what the year's interest
    periods are entitled to in the order of payment, and what remains. 404 `enterprise_not_found` for an
    enterprise the registry has not announced; 422 `before_policy` for a year before 2022."""
    cap, used, periods = await service.summary(ctx, uscc=uscc, year=year)
    return SubsidySummary(
        uscc=normalise_uscc(uscc),
        year=year,
        cap=cap,
        used=used,
        remaining=max(0, cap - used),
        periods=[
            PeriodSummary(
                bank_code=p.bank_code,
                loan_id=p.loan_id,
                period_start=p.period_start,
                period_end=p.period_end,
                paid_on=p.interest_paid_on,
                decision=p.decision_status,
                code=p.decision_code,
                amount=p.entitled_fen,
            )
            for p in periods
        ],
    )
