from __future__ import annotations

from typing import Annotated

from fastapi import Query

from zjtx.common.kit import AdminContext
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, problems
from zjtx.finance_subsidy import errors, paging
from zjtx.finance_subsidy.deps import BankCodeFilter, BankKeyUnbound, ReadContext, ViewerDep
from zjtx.finance_subsidy.pool import service
from zjtx.finance_subsidy.pool.schemas import (
    COMPENSATION_STATUSES_SAID,
    CompensationRead,
    CompensationStatus,
    DepositCreate,
    DepositRead,
    PoolRead,
    compensation_read,
)

router = Router(prefix="/v1", tags=["risk pool"])

StatusFilter = Annotated[
    CompensationStatus | None, Query(description=f"only compensations in this status: {COMPENSATION_STATUSES_SAID}")
]


@router.post(
    "/risk-pool/deposits",
    status_code=201,
    response_model=DepositRead,
    summary="A deposit into the 助保贷 risk pool (admin); compensations waiting for funds are then paid in turn",
    responses=problems(errors.AmountInvalid, errors.DateInFuture, errors.FunderUnknown),
)
async def deposit(body: DepositCreate, ctx: AdminContext) -> DepositRead:
    """Money into the A5.3 risk pool, with its funder (the city, a district or zone, or a bank). The
    compensations waiting for funds are then paid, first in first out, as far as the balance goes (the
    balance never goes below 0.00)."""
    row = await service.deposit(ctx, body)
    return DepositRead(
        id=row.id, amount=row.amount_fen, funder=row.funder, deposited_on=row.deposited_on, entered_by=row.entered_by
    )


@router.get(
    "/risk-pool", response_model=PoolRead, summary="The risk pool: balance, deposited, compensated, returned, awaiting"
)
async def pool(ctx: ReadContext) -> PoolRead:
    """The A5.3 risk pool's figures now: what was deposited, paid in compensation (30% of the principal
    outstanding at each covered default), returned (30% of later recoveries), the balance, and the
    compensations waiting for funds."""
    figures = await service.pool_figures(ctx)
    return PoolRead(
        balance=figures.balance_fen,
        deposited=figures.deposited_fen,
        compensated=figures.compensated_fen,
        returned=figures.returned_fen,
        awaiting=figures.awaiting_fen,
    )


@router.get(
    "/compensations",
    response_model=Page[CompensationRead],
    summary="Risk compensations (A5.3), oldest first",
    responses=problems(InvalidCursor, BankKeyUnbound),
)
async def list_compensations(
    language: ReaderLanguage,
    viewer: ViewerDep,
    status: StatusFilter = None,
    bank_code: BankCodeFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[CompensationRead]:
    """The compensations of defaulted 助保贷 loans of partner banks within the A5.2 ceiling (A5.3: 30% of the
    principal outstanding at default, from the risk pool), in the order of their defaults' arrival. A
    bank's key sees its own bank's compensations only."""
    if viewer.bank_code is not None:
        if bank_code not in (None, viewer.bank_code):
            return Page(items=[], next_cursor=None)
        bank_code = viewer.bank_code
    rows = await service.list_compensations(
        viewer.ctx, status=status, bank_code=bank_code, limit=limit, after=paging.after_seq(cursor)
    )
    return Page(
        items=[compensation_read(row, language) for row in rows], next_cursor=paging.next_seq_cursor(rows, limit)
    )
