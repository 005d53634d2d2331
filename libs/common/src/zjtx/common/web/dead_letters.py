"""Admin API over a service's dead letters: list them, re-drive one once its cause is fixed."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from pydantic import BaseModel
from sqlalchemy import func, select

from zjtx.common.db import transaction
from zjtx.common.messaging.consumer import EventHandlers
from zjtx.common.messaging.envelope import Envelope
from zjtx.common.messaging.foreign import ForeignHandlers
from zjtx.common.messaging.tables import DeadLetterRow
from zjtx.common.web.auth import Client, require
from zjtx.common.web.deps import SessionDep
from zjtx.common.web.errors import Conflict, NotFound
from zjtx.common.web.routing import Router

router = Router(prefix="/v1/admin/dead-letters", tags=["operations"])
Admin = Annotated[Client, Depends(require("admin"))]


class DeadLetterRead(BaseModel):
    id: uuid.UUID
    consumer: str
    event_id: uuid.UUID | None
    topic: str
    partition: int
    offset: int
    key: str | None
    error: str
    attempts: int
    failed_at: datetime
    redriven_at: datetime | None
    event: str


class DeadLetterPage(BaseModel):
    items: list[DeadLetterRead]
    next_cursor: str | None


class RedriveFailed(Conflict):
    code, title = "redrive_failed", "The event still fails"


class AlreadyRedriven(Conflict):
    code, title = "already_redriven", "This dead letter was already re-driven"


def _read(row: DeadLetterRow) -> DeadLetterRead:
    return DeadLetterRead(
        id=row.id,
        consumer=row.consumer,
        event_id=row.event_id,
        topic=row.topic,
        partition=row.partition,
        offset=row.offset,
        key=row.key,
        error=row.error,
        attempts=row.attempts,
        failed_at=row.failed_at,
        redriven_at=row.redriven_at,
        event=row.raw,
    )


@router.get("", response_model=DeadLetterPage, summary="Dead letters, oldest first")
async def list_dead_letters(
    session: SessionDep, _: Admin, include_redriven: bool = False, limit: int = 50, cursor: str | None = None
) -> DeadLetterPage:
    query = select(DeadLetterRow).order_by(DeadLetterRow.failed_at, DeadLetterRow.id).limit(min(max(limit, 1), 200))
    if not include_redriven:
        query = query.where(DeadLetterRow.redriven_at.is_(None))
    if cursor:
        query = query.offset(int(cursor)) if cursor.isdigit() else query
    rows = list(await session.scalars(query))
    offset = int(cursor) if cursor and cursor.isdigit() else 0
    next_cursor = str(offset + len(rows)) if len(rows) == min(max(limit, 1), 200) else None
    return DeadLetterPage(items=[_read(r) for r in rows], next_cursor=next_cursor)


@router.post("/{dead_letter_id}/redrive", response_model=DeadLetterRead, summary="Apply the event again")
async def redrive(dead_letter_id: uuid.UUID, request: Request, _: Admin) -> DeadLetterRead:
    handlers: EventHandlers = request.app.state.event_handlers
    # A foreign topic's dead letters (zjtx.common.messaging.foreign) are read again by its own reader.
    foreign: dict[str, ForeignHandlers] = getattr(request.app.state, "foreign_handlers", {})
    async with request.app.state.sessions() as session:
        row = await session.get(DeadLetterRow, dead_letter_id)
        if row is None or (row.consumer != handlers.consumer and row.consumer not in foreign):
            raise NotFound(f"no dead letter {dead_letter_id}")
        if row.redriven_at is not None:
            raise AlreadyRedriven()
    # The effect and the mark commit together; a failure leaves the dead letter as it was.
    try:
        async with transaction(request.app.state.sessions) as session:
            if row.consumer in foreign:
                await foreign[row.consumer].apply_raw(session, row.raw)
            else:
                await handlers.apply(session, Envelope.model_validate_json(row.raw))
            row = await session.get(DeadLetterRow, dead_letter_id, with_for_update=True)
            row.redriven_at = func.now()
            await session.flush()
            await session.refresh(row)
    except Exception as exc:  # the cause is not fixed yet: say why, change nothing
        raise RedriveFailed(repr(exc)) from exc
    return _read(row)
