from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter

from zjtx.common.kit import TransactionalRoute
from zjtx.common.web.paging import InvalidCursor, Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.registry.deps import ReadContext, WriteContext
from zjtx.registry.pool import service
from zjtx.registry.pool.schemas import PoolMemberCreate, PoolMemberRead

router = APIRouter(prefix="/v1/pools/{pool}/members", tags=["pools"], route_class=TransactionalRoute)


@router.post("", status_code=201, response_model=PoolMemberRead, summary="An enterprise enters a cultivation pool")
async def join_pool(pool: str, data: PoolMemberCreate, ctx: WriteContext) -> PoolMemberRead:
    return PoolMemberRead.model_validate(await service.join_pool(ctx, pool=pool, data=data), from_attributes=True)


@router.delete(
    "/{uscc}", response_model=PoolMemberRead, summary="An enterprise leaves a pool (left_on defaults to today)"
)
async def leave_pool(pool: str, uscc: str, ctx: WriteContext, left_on: date | None = None) -> PoolMemberRead:
    membership = await service.leave_pool(ctx, pool=pool, uscc=uscc, left_on=left_on)
    return PoolMemberRead.model_validate(membership, from_attributes=True)


@router.get("", response_model=Page[PoolMemberRead], summary="Members of a pool")
async def list_members(
    pool: str, ctx: ReadContext, include_left: bool = False, limit: int = 50, cursor: str | None = None
) -> Page[PoolMemberRead]:
    limit = clamp_limit(limit)
    rows = await service.list_members(ctx, pool=pool, include_left=include_left, limit=limit, after=_last_id(cursor))
    return Page(
        items=[PoolMemberRead.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=encode_cursor([str(rows[-1].id)]) if len(rows) == limit else None,
    )


def _last_id(cursor: str | None) -> str | None:
    after = decode_cursor(cursor)
    if not after:
        return None
    try:
        return str(uuid.UUID(str(after[0])))
    except ValueError:  # a cursor that decodes but was not ours is the caller's error, not a 500
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged") from None
