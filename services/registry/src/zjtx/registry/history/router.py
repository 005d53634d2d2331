from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from zjtx.common.kit import TransactionalRoute
from zjtx.common.web.paging import InvalidCursor, Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.registry.deps import ReadContext
from zjtx.registry.enterprise.service import get_enterprise
from zjtx.registry.history.service import list_history

router = APIRouter(prefix="/v1/enterprises/{uscc}/history", tags=["enterprises"], route_class=TransactionalRoute)


class HistoryRead(BaseModel):
    event_id: uuid.UUID
    event_type: str
    producer: str
    occurred_at: datetime
    summary: str
    payload: dict[str, Any]


@router.get("", response_model=Page[HistoryRead], summary="Everything that happened to the enterprise, oldest first")
async def history(uscc: str, ctx: ReadContext, limit: int = 50, cursor: str | None = None) -> Page[HistoryRead]:
    enterprise = await get_enterprise(ctx, uscc)
    limit = clamp_limit(limit)
    rows = await list_history(ctx.session, uscc=enterprise.uscc, limit=limit, after=_after(cursor))
    next_cursor = encode_cursor([rows[-1].occurred_at.isoformat(), str(rows[-1].id)]) if len(rows) == limit else None
    return Page(items=[HistoryRead.model_validate(r, from_attributes=True) for r in rows], next_cursor=next_cursor)


def _after(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    after = decode_cursor(cursor)
    if not after:
        return None
    try:
        occurred_at, entry_id = after
        return datetime.fromisoformat(str(occurred_at)), uuid.UUID(str(entry_id))
    except ValueError:  # a cursor that decodes but was not ours is the caller's error, not a 500
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged") from None
