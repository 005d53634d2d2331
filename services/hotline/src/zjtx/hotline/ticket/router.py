from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import Query

from zjtx.common.web.paging import InvalidCursor, Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.common.web.routing import Router
from zjtx.hotline.categories import CATEGORIES
from zjtx.hotline.deps import ReadCaller
from zjtx.hotline.ticket import service
from zjtx.hotline.ticket.schemas import TicketRead
from zjtx.hotline.transition.rules import STATUSES

router = Router(prefix="/v1/tickets", tags=["tickets"])

Status = Literal[STATUSES]  # type: ignore[valid-type]
Category = Literal[tuple(CATEGORIES)]  # type: ignore[valid-type]


@router.get("", response_model=Page[TicketRead], summary="Tickets, filtered, oldest first")
async def list_tickets(
    caller: ReadCaller,
    department: str | None = None,
    status: Status | None = None,
    category: Category | None = None,
    overdue: Annotated[bool | None, Query(description="an open deadline has passed (true) or none has (false)")] = None,
    from_: Annotated[date | None, Query(alias="from", description="received on or after (Asia/Shanghai)")] = None,
    to: Annotated[date | None, Query(description="received on or before (Asia/Shanghai)")] = None,
    uscc: str | None = None,
    buyer_code: str | None = None,
    external_id: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[TicketRead]:
    filters = {
        "department": department,
        "status": status,
        "category": category,
        "uscc": uscc,
        "buyer_code": buyer_code,
        "external_id": external_id,
    }
    limit = clamp_limit(limit)
    items = await service.list_tickets(
        caller,
        filters=filters,
        received_from=from_,
        received_to=to,
        overdue=overdue,
        limit=limit,
        after=_after(decode_cursor(cursor)),
    )
    last = items[-1] if len(items) == limit else None
    return Page(items=items, next_cursor=encode_cursor([last.received_at.isoformat(), str(last.id)]) if last else None)


@router.get("/{ticket_id}", response_model=TicketRead, summary="One ticket with its timeline and deadlines")
async def get_ticket(ticket_id: uuid.UUID, caller: ReadCaller) -> TicketRead:
    return await service.get_ticket(caller, ticket_id)


def _after(values: list | None) -> tuple[datetime, uuid.UUID] | None:
    if values is None:
        return None
    try:
        return datetime.fromisoformat(values[0]), uuid.UUID(values[1])
    except (ValueError, IndexError, TypeError, AttributeError):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged") from None
