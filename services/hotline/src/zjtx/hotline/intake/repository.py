"""Writing a new ticket in one statement: the ticket (unless its external_id is known) and, only if it
was written, everything that comes with it: timeline, deadlines, outbox events, audit records and what it
adds to the rates. One round trip, one plan prepared once; a repeated delivery writes nothing at all.

The rows beside the ticket are the ones ticket.service.Recorder makes, under the same parameter names
(`timeline_rows_*`, `deadline_rows_*`, `outbox_rows_*`, `audit_rows_*`, `kpi_rows_*`): here each insert
selects its rows only when the ticket's insert returned one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Integer, Text, Uuid, bindparam, cast, exists, insert, literal, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import DateTime

from zjtx.common.db import unnest_rows
from zjtx.common.driver import fetch_all
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.web.audit import AuditRecord
from zjtx.hotline.deadline.models import TicketDeadline
from zjtx.hotline.kpi.models import KpiDelta
from zjtx.hotline.ticket.models import Ticket, TimelineEntry

_TICKET = Ticket.__table__
_NEW = (
    pg_insert(_TICKET)
    .values({c.key: bindparam(f"ticket_{c.key}", type_=c.type) for c in _TICKET.columns})
    .on_conflict_do_nothing(index_elements=["external_id"])
    .returning(_TICKET.c.id)
    .cte("new_ticket")
)
_WRITTEN = exists(select(_NEW.c.id))
_AT = DateTime(timezone=True)


def _gated(table, name: str, columns: dict[str, Any], *, json: tuple[str, ...] = (), constants: dict | None = None):
    """INSERT INTO table SELECT the rows given as arrays, if the ticket was written, in the order given."""
    rows = unnest_rows(name, columns)
    constants = constants or {}
    selected = [cast(rows.c[c], JSONB) if c in json else rows.c[c] for c in columns]
    selected += [literal(value) for value in constants.values()]
    return (
        insert(table)
        .from_select([*columns, *constants], select(*selected).where(_WRITTEN).order_by(rows.c.n))
        .cte(f"new_{name}")
    )


_BESIDE = (
    _gated(
        TimelineEntry.__table__,
        "timeline_rows",
        {
            "id": Uuid(),
            "ticket_id": Uuid(),
            "seq": Integer(),
            "at": _AT,
            "verb": Text(),
            "status": Text(),
            "department": Text(),
            "actor": Text(),
            "event_id": Uuid(),
            "details": Text(),
        },
        json=("details",),
    ),
    _gated(
        TicketDeadline.__table__,
        "deadline_rows",
        {
            "id": Uuid(),
            "ticket_id": Uuid(),
            "kind": Text(),
            "cycle": Integer(),
            "term": Text(),
            "starts_on": Date(),
            "opened_at": _AT,
            "due_at": _AT,
            "unknown_reason": Text(),
            "explanation": Text(),
        },
        json=("explanation",),
    ),
    _gated(
        OutboxRow.__table__,
        "outbox_rows",
        {"event_id": Uuid(), "topic": Text(), "key": Text(), "event_type": Text(), "body": Text()},
        constants={"attempts": 0},
    ),
    _gated(
        AuditRecord.__table__,
        "audit_rows",
        {
            "id": Uuid(),
            "actor": Text(),
            "action": Text(),
            "entity_type": Text(),
            "entity_id": Text(),
            "before": Text(),
            "after": Text(),
            "request_id": Text(),
        },
        json=("before", "after"),
    ),
    _gated(
        KpiDelta.__table__,
        "kpi_rows",
        {"day": Date(), "department": Text()}
        | {c: Integer() for c in ("received", "responded", "replied", "resolved")}
        | {c: Integer() for c in ("satisfied", "basically_satisfied", "unsatisfied")},
    ),
)
_WRITE_NEW = select(_NEW.c.id).add_cte(*_BESIDE)


async def write_new(session: AsyncSession, ticket: dict[str, Any], beside: dict[str, Any]) -> bool:
    """Write the ticket and the rows beside it; False (nothing written) when its external_id is known."""
    values = {f"ticket_{column}": value for column, value in ticket.items()} | beside
    # On the driver (zjtx.common.driver): compiled once, none of Core's execution around each call.
    return bool(await fetch_all(session, _WRITE_NEW, values))
