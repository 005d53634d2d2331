from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Query

from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Limit, Router, problems
from zjtx.hotline import errors
from zjtx.hotline.callback import service
from zjtx.hotline.callback.schemas import CALLBACK_STATUSES_SAID, CallbackRead, callback_read
from zjtx.hotline.deps import AdminContext, CallbackIdPath

router = Router(prefix="/v1/callbacks", tags=["callbacks"])

StatusFilter = Annotated[
    Literal["pending", "delivered", "failed"] | None,
    Query(description=f"only callbacks in this status: {CALLBACK_STATUSES_SAID}"),
]
TicketFilter = Annotated[uuid.UUID | None, Query(description="only the callbacks of this ticket (its `id`)")]


@router.get(
    "",
    response_model=Page[CallbackRead],
    summary="Callbacks to the 12345 system, in the order made",
    responses=problems(InvalidCursor),
)
async def list_callbacks(
    ctx: AdminContext,
    status: StatusFilter = None,
    ticket_id: TicketFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[CallbackRead]:
    """The status callbacks to the 12345 system, one per change of a ticket (`hotline.ticket.*`), in the order
    made: delivered signed to `CALLBACK_URL` in order per ticket, retried with back-off, parked as `failed`
    after the last try."""
    after = decode_cursor(cursor)
    if after is not None and not (len(after) == 1 and isinstance(after[0], int)):
        raise InvalidCursor(
            "pass back the next_cursor of the previous page unchanged", detail_zh="请原样传回上一页的next_cursor"
        )
    rows = await service.list_callbacks(
        ctx, status=status, ticket_id=ticket_id, limit=limit, after=after[0] if after else None
    )
    next_cursor = encode_cursor([rows[-1].seq]) if len(rows) == limit else None
    return Page(items=[callback_read(c) for c in rows], next_cursor=next_cursor)


@router.get(
    "/{callback_id}", response_model=CallbackRead, summary="One callback", responses=problems(errors.CallbackNotFound)
)
async def get_callback(callback_id: CallbackIdPath, ctx: AdminContext) -> CallbackRead:
    """The callback with its body as signed and sent, and its attempts."""
    return callback_read(await service.get_callback(ctx, callback_id))


@router.post(
    "/{callback_id}/redrive",
    response_model=CallbackRead,
    summary="Send a failed callback again",
    responses=problems(errors.CallbackNotFound, errors.CallbackNotFailed),
)
async def redrive(callback_id: CallbackIdPath, ctx: AdminContext) -> CallbackRead:
    """A failed (dead-lettered) callback back to `pending`, sent by the next delivery run; its `sequence` lets
    the 12345 system tell an old state from a newer one. Only a failed one: 409 `callback_not_failed`."""
    return callback_read(await service.redrive(ctx, callback_id))
