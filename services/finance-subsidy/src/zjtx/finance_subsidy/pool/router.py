from __future__ import annotations

from typing import Literal

from zjtx.common.kit import AdminContext
from zjtx.common.web.paging import Page, clamp_limit
from zjtx.common.web.routing import Router
from zjtx.finance_subsidy import paging
from zjtx.finance_subsidy.deps import BankCodeFilter, ReadContext, ViewerDep
from zjtx.finance_subsidy.pool import service
from zjtx.finance_subsidy.pool.schemas import (
    CompensationRead,
    DepositCreate,
    DepositRead,
    PoolRead,
    compensation_read,
)

router = Router(prefix="/v1", tags=["risk pool"])


@router.post(
    "/risk-pool/deposits",
    status_code=201,
    response_model=DepositRead,
    summary="A deposit into the 助保贷 risk pool (admin); compensations waiting for funds are then paid in turn",
)
async def deposit(body: DepositCreate, ctx: AdminContext) -> DepositRead:
    row = await service.deposit(ctx, body)
    return DepositRead(
        id=row.id, amount=row.amount_fen, funder=row.funder, deposited_on=row.deposited_on, entered_by=row.entered_by
    )


@router.get(
    "/risk-pool", response_model=PoolRead, summary="The risk pool: balance, deposited, compensated, returned, awaiting"
)
async def pool(ctx: ReadContext) -> PoolRead:
    figures = await service.pool_figures(ctx)
    return PoolRead(
        balance=figures.balance_fen,
        deposited=figures.deposited_fen,
        compensated=figures.compensated_fen,
        returned=figures.returned_fen,
        awaiting=figures.awaiting_fen,
    )


@router.get("/compensations", response_model=Page[CompensationRead], summary="Risk compensations (A5.3), oldest first")
async def list_compensations(
    viewer: ViewerDep,
    status: Literal["paid", "awaiting_funds", "settled"] | None = None,
    bank_code: BankCodeFilter = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[CompensationRead]:
    """A bank's key sees its own bank's compensations only."""
    if viewer.bank_code is not None:
        if bank_code not in (None, viewer.bank_code):
            return Page(items=[], next_cursor=None)
        bank_code = viewer.bank_code
    limit = clamp_limit(limit)
    rows = await service.list_compensations(
        viewer.ctx, status=status, bank_code=bank_code, limit=limit, after=paging.after_seq(cursor)
    )
    return Page(items=[compensation_read(row) for row in rows], next_cursor=paging.next_seq_cursor(rows, limit))
