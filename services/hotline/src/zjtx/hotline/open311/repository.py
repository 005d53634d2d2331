from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.hotline.deadline.models import TicketDeadline
from zjtx.hotline.ticket.models import Ticket
from zjtx.hotline.transition.rules import FINAL


async def requests(
    session: AsyncSession,
    *,
    start: datetime,
    end: datetime,
    codes: list[str] | None,
    closed: bool | None,
    ids: list[str] | None,
    limit: int,
) -> list[Ticket]:
    query = select(Ticket).where(Ticket.received_at >= start, Ticket.received_at <= end)
    if codes:
        query = query.where(Ticket.category.in_(codes))
    if closed is not None:
        query = query.where(Ticket.status.in_(FINAL) if closed else Ticket.status.not_in(FINAL))
    if ids:
        query = query.where(Ticket.external_id.in_(ids))
    return list(await session.scalars(query.order_by(Ticket.received_at.desc(), Ticket.id).limit(limit)))


async def by_external_id(session: AsyncSession, external_id: str) -> Ticket | None:
    return await session.scalar(select(Ticket).where(Ticket.external_id == external_id))


async def external_ids(session: AsyncSession, ids: set) -> dict:
    if not ids:
        return {}
    return dict((await session.execute(select(Ticket.id, Ticket.external_id).where(Ticket.id.in_(ids)))).all())


async def open_replies(session: AsyncSession, ticket_ids: list) -> dict:
    """Each ticket's open reply deadline: when the answer is expected."""
    if not ticket_ids:
        return {}
    rows = await session.execute(
        select(TicketDeadline.ticket_id, TicketDeadline.due_at).where(
            TicketDeadline.ticket_id.in_(ticket_ids),
            TicketDeadline.kind == "reply",
            TicketDeadline.ended_at.is_(None),
        )
    )
    return dict(rows.all())
