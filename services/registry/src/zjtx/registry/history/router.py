from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web import paging
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, UsccPath, problems
from zjtx.registry import errors
from zjtx.registry.deps import ReadContext
from zjtx.registry.enterprise.service import get_enterprise
from zjtx.registry.history.models import HistoryEntry
from zjtx.registry.history.service import list_history

router = Router(prefix="/v1/enterprises/{uscc}/history", tags=["enterprises"])


class HistoryRead(BaseModel):
    event_id: uuid.UUID = Field(description="the event's id (its envelope's `event_id`)")
    event_type: str = Field(description="the event's type: `registry.recognition.granted`, `awards.award.approved`, …")
    producer: str = Field(description="the service that published it")
    occurred_at: datetime = Field(description="when it happened, as its producer says")
    business_date: date | None = Field(
        description="the date the fact is about (a recognition's date, the last day of a reported year, an "
        "award's reference date, a payment's date); null where the event names none"
    )
    recorded_at: datetime = Field(description="when the registry recorded this line")
    actor: str | None = Field(
        description="the API client that acted, for the registry's own events; null where the event does not "
        "carry it (other services' events, lines recorded before it was kept)"
    )
    summary: str = Field(
        description="what happened, in a line: in Chinese, in English with `Accept-Language: en` (a line "
        "recorded before the Chinese was kept reads in English)"
    )
    payload: dict[str, Any] = Field(
        description="the event's payload, as published (its contract in zjtx.common.events)"
    )


@router.get(
    "",
    response_model=Page[HistoryRead],
    summary="Everything that happened to the enterprise, oldest first",
    responses=problems(InvalidUSCC, errors.EnterpriseNotFound, InvalidCursor),
)
async def history(
    uscc: UsccPath, ctx: ReadContext, language: ReaderLanguage, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[HistoryRead]:
    """The events about the enterprise, the registry's own and those other services published (awards,
    subsidies), in the order they happened; lines of the same instant in the order they were recorded."""
    enterprise = await get_enterprise(ctx, uscc)
    after = paging.after(cursor, paging.instant, paging.seq)
    rows = await list_history(ctx.session, uscc=enterprise.uscc, limit=limit, after=after)
    return Page(
        items=[_read(r, language) for r in rows],
        next_cursor=paging.next_cursor(rows, limit, lambda r: [r.occurred_at.isoformat(), r.seq]),
    )


def _read(entry: HistoryEntry, language: str) -> HistoryRead:
    line = HistoryRead.model_validate(entry, from_attributes=True)
    if language.startswith("zh") and entry.summary_zh:
        return line.model_copy(update={"summary": entry.summary_zh})
    return line
