from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, Text, Uuid, and_, bindparam, cast, exists, insert, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import DateTime

from zjtx.common import jsontext
from zjtx.common.db import Write, unnest_rows
from zjtx.common.driver import fetch_all
from zjtx.hotline.deadline.models import TicketDeadline
from zjtx.hotline.department.models import Department, Route
from zjtx.hotline.readmodel.models import EnterpriseView, OverduePayableView
from zjtx.hotline.ticket.models import Ticket, TimelineEntry


async def by_external_id(session: AsyncSession, external_id: str) -> Ticket | None:
    return await session.scalar(select(Ticket).where(Ticket.external_id == external_id))


async def get(session: AsyncSession, ticket_id: uuid.UUID, *, for_update: bool = False) -> Ticket | None:
    query = select(Ticket).where(Ticket.id == ticket_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def lock_both(session: AsyncSession, first: uuid.UUID, second: uuid.UUID) -> dict[uuid.UUID, Ticket]:
    """Two tickets locked in the order of their ids, so that two merges never wait on each other."""
    query = select(Ticket).where(Ticket.id.in_([first, second])).order_by(Ticket.id).with_for_update()
    return {ticket.id: ticket for ticket in await session.scalars(query)}


@dataclass(frozen=True)
class Lookup:
    """What intake reads before it writes: the route of the category, the department's existence and the
    enterprise, in one statement."""

    department: str | None
    department_name: str | None
    enterprise: EnterpriseView | None


async def intake_lookup(session: AsyncSession, *, category: str, uscc: str | None) -> Lookup:
    # On the driver (zjtx.common.driver): compiled once, none of Core's execution around each call.
    [(department, department_name, name, district)] = await fetch_all(
        session, _LOOKUP, {"lookup_category": category, "lookup_uscc": uscc}
    )
    enterprise = EnterpriseView(uscc=uscc, name=name, district_code=district) if name is not None else None
    return Lookup(department, department_name, enterprise)


_ROUTE = select(Route.department_code).where(Route.category == bindparam("lookup_category"))
_LOOKUP = select(
    _ROUTE.scalar_subquery(),
    select(Department.name)
    .join(Route, Route.department_code == Department.code)
    .where(Route.category == bindparam("lookup_category"))
    .scalar_subquery(),
    select(EnterpriseView.name).where(EnterpriseView.uscc == bindparam("lookup_uscc")).scalar_subquery(),
    select(EnterpriseView.district_code).where(EnterpriseView.uscc == bindparam("lookup_uscc")).scalar_subquery(),
)


async def search(
    session: AsyncSession,
    *,
    filters: dict[str, Any],
    received_from: date | None,
    received_to: date | None,
    overdue: bool | None,
    now: datetime,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> list[Ticket]:
    query = select(Ticket)
    for name, value in filters.items():
        if value is not None:
            query = query.where(getattr(Ticket, name) == value)
    if received_from is not None:
        query = query.where(Ticket.received_on >= received_from)
    if received_to is not None:
        query = query.where(Ticket.received_on <= received_to)
    if overdue is not None:
        late = exists().where(
            TicketDeadline.ticket_id == Ticket.id,
            TicketDeadline.ended_at.is_(None),
            TicketDeadline.due_at < now,
        )
        query = query.where(late if overdue else ~late)
    if after is not None:
        query = query.where(tuple_(Ticket.received_at, Ticket.id) > tuple_(*after))
    return list(await session.scalars(query.order_by(Ticket.received_at, Ticket.id).limit(limit)))


async def timeline(session: AsyncSession, ticket_id: uuid.UUID) -> list[TimelineEntry]:
    return list(
        await session.scalars(
            select(TimelineEntry).where(TimelineEntry.ticket_id == ticket_id).order_by(TimelineEntry.seq)
        )
    )


async def timeline_details(session: AsyncSession, event_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    """The details of the timeline entries published as these events."""
    rows = await session.execute(
        select(TimelineEntry.event_id, TimelineEntry.details).where(TimelineEntry.event_id.in_(event_ids))
    )
    return dict(rows.all())


async def deadlines_of(session: AsyncSession, ticket_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[TicketDeadline]]:
    found: dict[uuid.UUID, list[TicketDeadline]] = {ticket_id: [] for ticket_id in ticket_ids}
    for deadline in await session.scalars(select(TicketDeadline).where(TicketDeadline.ticket_id.in_(ticket_ids))):
        found[deadline.ticket_id].append(deadline)
    return found


async def enterprises(session: AsyncSession, usccs: set[str]) -> dict[str, EnterpriseView]:
    if not usccs:
        return {}
    return {e.uscc: e for e in await session.scalars(select(EnterpriseView).where(EnterpriseView.uscc.in_(usccs)))}


async def payables_for(session: AsyncSession, tickets: list[Ticket]) -> dict[uuid.UUID, list[OverduePayableView]]:
    """Arrears tickets' overdue payables: by contract number when the caller gave one, else by buyer and seller."""
    arrears = [t for t in tickets if t.category == "arrears" and (t.contract_no or (t.buyer_code and t.uscc))]
    found: dict[uuid.UUID, list[OverduePayableView]] = {t.id: [] for t in tickets}
    if not arrears:
        return found
    conditions = [
        OverduePayableView.contract_no == t.contract_no
        if t.contract_no
        else and_(OverduePayableView.buyer_code == t.buyer_code, OverduePayableView.seller_uscc == t.uscc)
        for t in arrears
    ]
    payables = list(
        await session.scalars(select(OverduePayableView).where(or_(*conditions)).order_by(OverduePayableView.due_on))
    )
    for ticket in arrears:
        found[ticket.id] = [
            p
            for p in payables
            if (
                p.contract_no == ticket.contract_no
                if ticket.contract_no
                else (p.buyer_code, p.seller_uscc) == (ticket.buyer_code, ticket.uscc)
            )
        ]
    return found


async def department_names(session: AsyncSession) -> dict[str, str]:
    return {code: name for code, name in (await session.execute(select(Department.code, Department.name))).all()}


async def department_exists(session: AsyncSession, code: str) -> bool:
    return await session.get(Department, code) is not None


async def mark_enterprise_known(session: AsyncSession, uscc: str) -> None:
    """Tickets of an enterprise that registers after it called: now matched (the order of arrival does not matter)."""
    await session.execute(
        update(Ticket)
        .where(Ticket.uscc == uscc, Ticket.enterprise_match == "unregistered")
        .values(enterprise_match="registered")
    )


# -- timeline rows, many in one statement ---------------------------------------------------------

_TIMELINE_COLUMNS = {
    "id": Uuid(),
    "ticket_id": Uuid(),
    "seq": Integer(),
    "at": DateTime(timezone=True),
    "verb": Text(),
    "status": Text(),
    "department": Text(),
    "actor": Text(),
    "event_id": Uuid(),
    "details": Text(),  # JSON text, cast: an array of jsonb is not a parameter asyncpg encodes
}
_TIMELINE_ROWS = unnest_rows("timeline_rows", _TIMELINE_COLUMNS)
_INSERT_TIMELINE = insert(TimelineEntry.__table__).from_select(
    list(_TIMELINE_COLUMNS),
    select(
        *(cast(_TIMELINE_ROWS.c[c], JSONB) if c == "details" else _TIMELINE_ROWS.c[c] for c in _TIMELINE_COLUMNS)
    ).order_by(_TIMELINE_ROWS.c.n),
)


def timeline_rows(rows: list[dict[str, Any]]) -> Write:
    """Timeline entries as one row to write (zjtx.common.db.write)."""
    values = {f"timeline_rows_{c}": [row[c] for row in rows] for c in _TIMELINE_COLUMNS}
    values["timeline_rows_details"] = [jsontext.dumps(row["details"]) for row in rows]
    return _INSERT_TIMELINE, values
