"""Admin API over a service's dead letters: list them, re-drive one once its cause is fixed."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import func, select, tuple_

from zjtx.common.db import transaction
from zjtx.common.messaging.consumer import EventHandlers
from zjtx.common.messaging.envelope import Envelope
from zjtx.common.messaging.foreign import ForeignHandlers
from zjtx.common.messaging.tables import DeadLetterRow
from zjtx.common.web import paging
from zjtx.common.web.auth import Client, require
from zjtx.common.web.deps import SessionDep
from zjtx.common.web.errors import Conflict, NotFound
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor
from zjtx.common.web.routing import Cursor, Limit, Router, problems

router = Router(prefix="/v1/admin/dead-letters", tags=["operations"])
Admin = Annotated[Client, Depends(require("admin"))]


class DeadLetterRead(BaseModel):
    id: uuid.UUID = Field(description="the dead letter's id, for its re-drive")
    consumer: str = Field(description="the consumer that gave up on the event")
    event_id: uuid.UUID | None = Field(description="the event's id; null when the message could not be read")
    topic: str = Field(description="the topic the message came from")
    partition: int = Field(description="its partition")
    offset: int = Field(description="its offset in the partition")
    key: str | None = Field(description="its key (the aggregate's id)")
    error: str = Field(description="why it failed the last time")
    attempts: int = Field(description="how many times it was tried")
    failed_at: datetime = Field(description="when it was parked")
    redriven_at: datetime | None = Field(description="when a re-drive applied it; null while parked")
    correlation_id: uuid.UUID | None = Field(
        description="the envelope's correlation id (the business act that started the chain); null when the "
        "message was not a readable envelope"
    )
    causation_id: uuid.UUID | None = Field(
        description="the envelope's causation id (the event that caused this one); null for one caused by a "
        "request, or a message that was not a readable envelope"
    )
    traceparent: str | None = Field(
        description="the envelope's W3C trace context, to find its trace; null when it had none",
        examples=["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    )
    event: str = Field(description="the message as it was received")


class DeadLetterPage(BaseModel):
    items: list[DeadLetterRead] = Field(description="this page's dead letters, oldest first")
    next_cursor: str | None = Field(description="pass it as `cursor` for the next page; null on the last")


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
        correlation_id=row.correlation_id,
        causation_id=row.causation_id,
        traceparent=row.traceparent,
        event=row.raw,
    )


IncludeRedriven = Annotated[bool, Query(description="true: the re-driven ones too (default: those still parked)")]
DeadLetterId = Annotated[uuid.UUID, Path(description="the dead letter's `id`")]


@router.get("", response_model=DeadLetterPage, summary="Dead letters, oldest first", responses=problems(InvalidCursor))
async def list_dead_letters(
    session: SessionDep,
    _: Admin,
    include_redriven: IncludeRedriven = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> DeadLetterPage:
    """The events the service's consumers gave up on after their tries (or could not read), parked with
    the error, for an admin to fix the cause and re-drive."""
    query = select(DeadLetterRow).order_by(DeadLetterRow.failed_at, DeadLetterRow.id).limit(limit)
    if not include_redriven:
        query = query.where(DeadLetterRow.redriven_at.is_(None))
    after = paging.after(cursor, paging.instant, paging.identifier)
    if after is not None:
        # By the sort key, not by an offset: a re-drive between two pages must not make the next skip one.
        query = query.where(tuple_(DeadLetterRow.failed_at, DeadLetterRow.id) > after)
    rows = list(await session.scalars(query))
    next_cursor = paging.next_cursor(rows, limit, lambda row: (row.failed_at, row.id))
    return DeadLetterPage(items=[_read(r) for r in rows], next_cursor=next_cursor)


@router.post(
    "/{dead_letter_id}/redrive",
    response_model=DeadLetterRead,
    summary="Apply the event again",
    responses=problems(NotFound, AlreadyRedriven, RedriveFailed),
)
async def redrive(dead_letter_id: DeadLetterId, request: Request, _: Admin) -> DeadLetterRead:
    """Apply the parked event again, once its cause is fixed: its effect and the mark commit together;
    if it still fails, 409 `redrive_failed` with the error and nothing changes."""
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
