from __future__ import annotations

from typing import Annotated

from fastapi import Query

from zjtx.common.dates import DateInFuture, DateTooEarly
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web import paging
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Day, Limit, Router, UsccPath, problems
from zjtx.registry import errors
from zjtx.registry.deps import PoolPath, ReadContext, WriteContext
from zjtx.registry.pool import service
from zjtx.registry.pool.schemas import PoolMemberCreate, PoolMemberRead

router = Router(prefix="/v1/pools/{pool}/members", tags=["pools"])

LeftOn = Annotated[
    Day | None,
    Query(description="the day it left, YYYY-MM-DD: not after today, not before it joined; today if not given"),
]
IncludeLeft = Annotated[bool, Query(description="true: those who left the pool too (with their `left_on`)")]


@router.post(
    "",
    status_code=201,
    response_model=PoolMemberRead,
    summary="An enterprise enters a cultivation pool",
    responses=problems(
        errors.PoolNotFound, InvalidUSCC, errors.EnterpriseNotFound, DateInFuture, DateTooEarly, errors.AlreadyInPool
    ),
)
async def join_pool(pool: PoolPath, data: PoolMemberCreate, ctx: WriteContext) -> PoolMemberRead:
    """A dated entry of a registered enterprise into a cultivation pool (A1.pools, A4.pool); one that is in
    the pool already is 409 `already_in_pool`."""
    return PoolMemberRead.model_validate(await service.join_pool(ctx, pool=pool, data=data), from_attributes=True)


@router.delete(
    "/{uscc}",
    response_model=PoolMemberRead,
    summary="An enterprise leaves a pool (left_on defaults to today)",
    responses=problems(
        errors.PoolNotFound,
        InvalidUSCC,
        errors.EnterpriseNotFound,
        errors.NotInPool,
        DateInFuture,
        DateTooEarly,
        errors.LeftBeforeJoined,
    ),
)
async def leave_pool(pool: PoolPath, uscc: UsccPath, ctx: WriteContext, left_on: LeftOn = None) -> PoolMemberRead:
    """The enterprise's stay in the pool ends on `left_on` (kept, with its dates: the KPIs count stays);
    one that is not in the pool is 404 `not_in_pool`."""
    membership = await service.leave_pool(ctx, pool=pool, uscc=uscc, left_on=left_on)
    return PoolMemberRead.model_validate(membership, from_attributes=True)


@router.get(
    "",
    response_model=Page[PoolMemberRead],
    summary="Members of a pool",
    responses=problems(errors.PoolNotFound, InvalidCursor),
)
async def list_members(
    pool: PoolPath,
    ctx: ReadContext,
    include_left: IncludeLeft = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[PoolMemberRead]:
    """The enterprises in the pool now (with `include_left`, those who left too), each stay with its dates."""
    after = paging.after(cursor, paging.identifier)
    rows = await service.list_members(
        ctx, pool=pool, include_left=include_left, limit=limit, after=str(after[0]) if after else None
    )
    return Page(
        items=[PoolMemberRead.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=paging.next_cursor(rows, limit, lambda r: [str(r.id)]),
    )
