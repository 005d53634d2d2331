from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Date, Integer, Text, Uuid, cast, insert, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import DateTime

from zjtx.common import jsontext
from zjtx.common.db import Write, unnest_rows
from zjtx.hotline.deadline.models import TicketDeadline
from zjtx.hotline.ticket.models import Ticket


async def open_of(session: AsyncSession, ticket_id: uuid.UUID) -> list[TicketDeadline]:
    """The ticket's open deadlines, locked (the ticket itself is locked by the caller first)."""
    query = (
        select(TicketDeadline)
        .where(TicketDeadline.ticket_id == ticket_id, TicketDeadline.ended_at.is_(None))
        .order_by(TicketDeadline.opened_at, TicketDeadline.kind)
        .with_for_update()
    )
    return list(await session.scalars(query))


async def passed(session: AsyncSession, now: datetime, *, limit: int) -> list[tuple[TicketDeadline, Ticket]]:
    """Open deadlines that passed and were not supervised yet, with their tickets, both locked. SKIP
    LOCKED: replicas running the job at once take different rows, and the job never waits on a row a
    request holds (it takes it at the next run); a row is re-checked once locked, so each deadline is
    supervised once."""
    query = (
        select(TicketDeadline, Ticket)
        .join(Ticket, Ticket.id == TicketDeadline.ticket_id)
        .where(
            TicketDeadline.ended_at.is_(None),
            TicketDeadline.supervised_at.is_(None),
            TicketDeadline.due_at.is_not(None),
            TicketDeadline.due_at < now,
        )
        .order_by(TicketDeadline.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [(deadline, ticket) for deadline, ticket in (await session.execute(query)).all()]


async def waiting_for_calendar(
    session: AsyncSession, *, reason: str, limit: int
) -> list[tuple[TicketDeadline, Ticket]]:
    """Open deadlines that could not be computed for `reason` (a year's public holidays not on record)."""
    query = (
        select(TicketDeadline, Ticket)
        .join(Ticket, Ticket.id == TicketDeadline.ticket_id)
        .where(TicketDeadline.ended_at.is_(None), TicketDeadline.unknown_reason == reason)
        .order_by(TicketDeadline.opened_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [(deadline, ticket) for deadline, ticket in (await session.execute(query)).all()]


_COLUMNS = {
    "id": Uuid(),
    "ticket_id": Uuid(),
    "kind": Text(),
    "cycle": Integer(),
    "term": Text(),
    "starts_on": Date(),
    "opened_at": DateTime(timezone=True),
    "due_at": DateTime(timezone=True),
    "unknown_reason": Text(),
    "explanation": Text(),  # JSON text, cast
}
_ROWS = unnest_rows("deadline_rows", _COLUMNS)
_INSERT = insert(TicketDeadline.__table__).from_select(
    list(_COLUMNS),
    select(*(cast(_ROWS.c[c], JSONB) if c == "explanation" else _ROWS.c[c] for c in _COLUMNS)).order_by(_ROWS.c.n),
)


def deadline_rows(rows: list[dict[str, Any]]) -> Write:
    """New deadlines as one row to write (zjtx.common.db.write)."""
    values = {f"deadline_rows_{c}": [row[c] for row in rows] for c in _COLUMNS}
    values["deadline_rows_explanation"] = [jsontext.dumps(row["explanation"]) for row in rows]
    return _INSERT, values
