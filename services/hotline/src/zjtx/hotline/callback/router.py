from __future__ import annotations

import uuid
from typing import Literal

from zjtx.common.web.paging import InvalidCursor, Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.common.web.routing import Router
from zjtx.hotline.callback import service
from zjtx.hotline.callback.schemas import CallbackRead, callback_read
from zjtx.hotline.deps import AdminContext

router = Router(prefix="/v1/callbacks", tags=["callbacks"])


@router.get("", response_model=Page[CallbackRead], summary="Callbacks to the 12345 system, in the order made")
async def list_callbacks(
    ctx: AdminContext,
    status: Literal["pending", "delivered", "failed"] | None = None,
    ticket_id: uuid.UUID | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[CallbackRead]:
    limit = clamp_limit(limit)
    after = decode_cursor(cursor)
    if after is not None and not (len(after) == 1 and isinstance(after[0], int)):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged")
    rows = await service.list_callbacks(
        ctx, status=status, ticket_id=ticket_id, limit=limit, after=after[0] if after else None
    )
    next_cursor = encode_cursor([rows[-1].seq]) if len(rows) == limit else None
    return Page(items=[callback_read(c) for c in rows], next_cursor=next_cursor)


@router.get("/{callback_id}", response_model=CallbackRead, summary="One callback")
async def get_callback(callback_id: uuid.UUID, ctx: AdminContext) -> CallbackRead:
    return callback_read(await service.get_callback(ctx, callback_id))


@router.post("/{callback_id}/redrive", response_model=CallbackRead, summary="Send a failed callback again")
async def redrive(callback_id: uuid.UUID, ctx: AdminContext) -> CallbackRead:
    return callback_read(await service.redrive(ctx, callback_id))
