from __future__ import annotations

import uuid

from zjtx.common.uscc import normalise_uscc
from zjtx.common.web.paging import Page, clamp_limit
from zjtx.common.web.routing import Router
from zjtx.common.workflow import DisburseBody, RejectBody, ReviewBody
from zjtx.finance_subsidy import paging
from zjtx.finance_subsidy.deps import (
    ApproveContext,
    BankCodeFilter,
    LoanIdFilter,
    ReadContext,
    ReviewContext,
    ViewerDep,
    Year,
    YearFilter,
)
from zjtx.finance_subsidy.subsidy import service
from zjtx.finance_subsidy.subsidy.schemas import PeriodSummary, Status, SubsidyRead, SubsidySummary, subsidy_read

router = Router(prefix="/v1", tags=["subsidies"])


@router.get("/subsidies", response_model=Page[SubsidyRead], summary="A5.1 subsidies, filtered, oldest first")
async def list_subsidies(
    viewer: ViewerDep,
    uscc: str | None = None,
    bank_code: BankCodeFilter = None,
    loan_id: LoanIdFilter = None,
    year: YearFilter = None,
    status: Status | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[SubsidyRead]:
    """`year`: the year the interest was paid. A bank's key sees its own bank's subsidies only."""
    if viewer.bank_code is not None:
        if bank_code not in (None, viewer.bank_code):
            return Page(items=[], next_cursor=None)
        bank_code = viewer.bank_code
    limit = clamp_limit(limit)
    filters = {
        "uscc": normalise_uscc(uscc) if uscc else None,
        "bank_code": bank_code,
        "loan_id": loan_id,
        "year": year,
        "status": status,
    }
    rows = await service.list_subsidies(viewer.ctx, filters=filters, limit=limit, after=paging.after_seq(cursor))
    return Page(items=[subsidy_read(s) for s in rows], next_cursor=paging.next_seq_cursor(rows, limit))


@router.get("/subsidies/{subsidy_id}", response_model=SubsidyRead, summary="One subsidy with its explanation")
async def get_subsidy(subsidy_id: uuid.UUID, viewer: ViewerDep) -> SubsidyRead:
    return subsidy_read(await service.get_subsidy(viewer.ctx, subsidy_id, bank_code=viewer.bank_code))


@router.post("/subsidies/{subsidy_id}/review", response_model=SubsidyRead, summary="Review a computed subsidy")
async def review(subsidy_id: uuid.UUID, ctx: ReviewContext, body: ReviewBody | None = None) -> SubsidyRead:
    return subsidy_read(await service.review_subsidy(ctx, subsidy_id=subsidy_id, note=body.note if body else None))


@router.post(
    "/subsidies/{subsidy_id}/approve", response_model=SubsidyRead, summary="Approve a reviewed subsidy (another client)"
)
async def approve(subsidy_id: uuid.UUID, ctx: ApproveContext, body: ReviewBody | None = None) -> SubsidyRead:
    return subsidy_read(await service.approve_subsidy(ctx, subsidy_id=subsidy_id, note=body.note if body else None))


@router.post(
    "/subsidies/{subsidy_id}/reject",
    response_model=SubsidyRead,
    summary="Reject a computed or reviewed subsidy (its place under the yearly cap is freed)",
)
async def reject(subsidy_id: uuid.UUID, body: RejectBody, ctx: ReviewContext) -> SubsidyRead:
    return subsidy_read(await service.reject_subsidy(ctx, subsidy_id=subsidy_id, reason=body.reason))


@router.post(
    "/subsidies/{subsidy_id}/disburse", response_model=SubsidyRead, summary="Record the payment of an approved subsidy"
)
async def disburse(subsidy_id: uuid.UUID, body: DisburseBody, ctx: ApproveContext) -> SubsidyRead:
    subsidy = await service.disburse_subsidy(
        ctx, subsidy_id=subsidy_id, payment_reference=body.payment_reference, paid_on=body.paid_on
    )
    return subsidy_read(subsidy)


@router.get(
    "/enterprises/{uscc}/subsidy-summary",
    response_model=SubsidySummary,
    summary="An enterprise's year under A5.1: the cap, what is used, what remains, its periods",
)
async def subsidy_summary(uscc: str, year: Year, ctx: ReadContext) -> SubsidySummary:
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
