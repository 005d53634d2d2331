from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import Query

from zjtx.common.uscc import USCC_CHECK_NOTE, USCC_PATTERN
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Day, Limit, Router, problems
from zjtx.hotline import errors
from zjtx.hotline.categories import CATEGORIES, CATEGORIES_SAID
from zjtx.hotline.deps import DepartmentFilter, ReadCaller, TicketIdPath
from zjtx.hotline.ticket import service
from zjtx.hotline.ticket.schemas import STATUSES_SAID, TicketRead
from zjtx.hotline.transition.rules import STATUSES

router = Router(prefix="/v1/tickets", tags=["tickets"])

Status = Literal[STATUSES]  # type: ignore[valid-type]
Category = Literal[tuple(CATEGORIES)]  # type: ignore[valid-type]

StatusFilter = Annotated[Status | None, Query(description=f"only tickets in this status: {STATUSES_SAID}")]
CategoryFilter = Annotated[Category | None, Query(description=f"only tickets of this category: {CATEGORIES_SAID}")]
OverdueFilter = Annotated[
    bool | None, Query(description="true: an open deadline has passed; false: none has (A14.2's deadlines)")
]
ReceivedFrom = Annotated[
    Day | None, Query(alias="from", description="received on or after this day (Asia/Shanghai), YYYY-MM-DD")
]
ReceivedTo = Annotated[Day | None, Query(description="received on or before this day (Asia/Shanghai), YYYY-MM-DD")]
UsccFilter = Annotated[
    str | None,
    Query(
        pattern=USCC_PATTERN,
        description=f"only tickets of the enterprise of this valid credit code (a code given that is not valid is "
        f"kept on the ticket, not matched here). {USCC_CHECK_NOTE}",
    ),
]
BuyerFilter = Annotated[
    str | None,
    Query(min_length=1, max_length=64, description="arrears: only tickets naming this buyer code, as given"),
]
ExternalIdFilter = Annotated[
    str | None,
    Query(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$", description="only the ticket of this 12345 number"),
]


@router.get(
    "",
    response_model=Page[TicketRead],
    summary="Tickets, filtered, oldest first",
    responses=problems(InvalidCursor),
)
async def list_tickets(
    caller: ReadCaller,
    department: DepartmentFilter = None,
    status: StatusFilter = None,
    category: CategoryFilter = None,
    overdue: OverdueFilter = None,
    from_: ReceivedFrom = None,
    to: ReceivedTo = None,
    uscc: UsccFilter = None,
    buyer_code: BuyerFilter = None,
    external_id: ExternalIdFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[TicketRead]:
    """The 12345 enterprise desk's tickets (A14.1) in the order received, each with its deadlines (A14.2) and
    without its timeline (`timeline` is null in lists). A handler client sees its own department's alone; the
    caller's contact details are masked but for the handling department."""
    filters = {
        "department": department,
        "status": status,
        "category": category,
        "uscc": uscc,
        "buyer_code": buyer_code,
        "external_id": external_id,
    }
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


@router.get(
    "/{ticket_id}",
    response_model=TicketRead,
    summary="One ticket with its timeline and deadlines",
    responses=problems(errors.TicketNotFound),
)
async def get_ticket(ticket_id: TicketIdPath, caller: ReadCaller) -> TicketRead:
    """The ticket with every change in order (its timeline), its deadlines explained, and for an arrears
    complaint the overdue payables payments-watch reported. Another department's ticket is 404 for a handler
    client, as a missing one."""
    return await service.get_ticket(caller, ticket_id)


def _after(values: list | None) -> tuple[datetime, uuid.UUID] | None:
    if values is None:
        return None
    try:
        return datetime.fromisoformat(values[0]), uuid.UUID(values[1])
    except (ValueError, IndexError, TypeError, AttributeError):
        raise InvalidCursor(
            "pass back the next_cursor of the previous page unchanged", detail_zh="请原样传回上一页的next_cursor"
        ) from None
