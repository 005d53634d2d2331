from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from zjtx.common.web.paging import Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.registry.deps import ReadContext
from zjtx.registry.enterprise.service import get_enterprise
from zjtx.registry.history.service import list_history

router = APIRouter(prefix="/v1/enterprises/{uscc}/history", tags=["enterprises"])


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
    after = decode_cursor(cursor)
    key = (datetime.fromisoformat(after[0]), uuid.UUID(after[1])) if after else None
    rows = await list_history(ctx.session, uscc=enterprise.uscc, limit=limit, after=key)
    next_cursor = encode_cursor([rows[-1].occurred_at.isoformat(), str(rows[-1].id)]) if len(rows) == limit else None
    return Page(items=[HistoryRead.model_validate(r, from_attributes=True) for r in rows], next_cursor=next_cursor)
