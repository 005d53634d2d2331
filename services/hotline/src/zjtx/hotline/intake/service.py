"""Intake (A14.1): a complaint from the 12345 system becomes a ticket, once per external_id, matched
against the registry's enterprises, routed to its department and given its deadlines; `received` and
`assigned` are published through the outbox in the same transaction."""

from __future__ import annotations

import uuid
from datetime import timedelta
from types import SimpleNamespace

from zjtx.common.uscc import InvalidUSCC, normalise_uscc
from zjtx.common.web.signatures import WINDOW_SECONDS
from zjtx.hotline.access import Caller
from zjtx.hotline.categories import CATEGORIES
from zjtx.hotline.deadline.rules import first_deadlines, local_day, response_deadline
from zjtx.hotline.errors import CategoryUnknown, ReceivedInFuture
from zjtx.hotline.intake import repository as intake
from zjtx.hotline.intake.schemas import TicketCreate
from zjtx.hotline.ticket import repository
from zjtx.hotline.ticket.models import Ticket
from zjtx.hotline.ticket.schemas import TicketRead
from zjtx.hotline.ticket.service import CALENDAR, Recorder, show
from zjtx.hotline.ticket.views import Related, ticket_read

# The 12345 system's clock may run a little ahead of ours: as much as a signature's window.
CLOCK_SKEW = timedelta(seconds=WINDOW_SECONDS)


async def receive_ticket(caller: Caller, *, data: TicketCreate) -> tuple[TicketRead, bool]:
    """The ticket, and whether it is new (False: its external_id was seen before, nothing changed)."""
    ctx = caller.ctx
    now = ctx.clock.now()
    if data.category not in CATEGORIES:
        raise CategoryUnknown(
            f"unknown category {data.category!r} (known: {', '.join(CATEGORIES)})",
            detail_zh=f"未知的工单类别{data.category!r}（已有：{'、'.join(CATEGORIES)}）",
        )
    if data.received_at > now + CLOCK_SKEW:
        raise ReceivedInFuture(
            f"received_at {data.received_at.isoformat()} is after now ({now.isoformat()})",
            detail_zh=f"受理时间{data.received_at.isoformat()}晚于当前时间（{now.isoformat()}）",
        )
    uscc, uscc_given = _credit_code(data.uscc)
    lookup = await repository.intake_lookup(ctx.session, category=data.category, uscc=uscc)
    ticket = _new_ticket(data, uscc=uscc, uscc_given=uscc_given, registered=lookup.enterprise is not None, now=now)
    first = first_deadlines(ctx.parameters, CALENDAR, category=data.category, received_at=data.received_at)
    # The response rate's deadline is the ordinary acknowledgement's: the first one, unless arrears has its own.
    response = first[0] if first[0].term == "acknowledge" else None
    response = response or response_deadline(ctx.parameters, CALENDAR, received_at=data.received_at)
    ticket.response_due_at = response.due_at

    recorder = Recorder(ctx, ticket, new=True)
    recorder.record("received", details={"channel": data.channel})
    deadlines = recorder.open_deadlines(first, cycle=0, opened_at=data.received_at)
    if lookup.department is not None:
        ticket.status, ticket.department = "assigned", lookup.department
        recorder.record("assigned", details={"by": "routing"})

    if not await intake.write_new(ctx.session, _columns(ticket), recorder.values()):
        existing = await repository.by_external_id(ctx.session, data.external_id)
        assert existing is not None  # the unique key said it exists, and nothing deletes tickets
        return await show(caller, existing), False
    payables = (await repository.payables_for(ctx.session, [ticket]))[ticket.id] if data.category == "arrears" else []
    related = Related(
        deadlines=deadlines,
        timeline=recorder.entries(),
        enterprise=lookup.enterprise,
        payables=payables,
        department_names={lookup.department: lookup.department_name or ""} if lookup.department else {},
        district_names=ctx.reference.divisions,
    )
    return ticket_read(ticket, related, now=now, unmasked=False, language=caller.language), True


def _credit_code(given: str | None) -> tuple[str | None, str | None]:
    """(the valid code, None) or (None, what was given): a caller's mistyped code is kept, not refused."""
    if not given:
        return None, None
    try:
        return normalise_uscc(given), None
    except InvalidUSCC:
        return None, given


def _new_ticket(data: TicketCreate, *, uscc: str | None, uscc_given: str | None, registered: bool, now) -> Ticket:
    """The new ticket's columns, as a plain object the recorder and the view read like a loaded ticket
    (an ORM instance would cost more to make than everything else the request does in Python)."""
    if uscc is not None:
        match = "registered" if registered else "unregistered"
    else:
        match = "invalid_uscc" if uscc_given else "none"
    return SimpleNamespace(
        id=uuid.uuid4(),
        external_id=data.external_id,
        channel=data.channel,
        received_at=data.received_at,
        received_on=local_day(data.received_at),
        category=data.category,
        title=data.title,
        content=data.content,
        uscc=uscc,
        uscc_given=uscc_given,
        enterprise_match=match,
        enterprise_name=data.enterprise_name,
        contact_name=data.contact_name,
        contact_phone=data.contact_phone,
        buyer_code=data.buyer_code,
        contract_no=data.contract_no,
        status="received",
        department=None,
        version=0,
        extension_days=0,
        reopen_count=0,
        supervision_count=0,
        response_due_at=None,
        first_acknowledged_at=None,
        last_replied_at=None,
        last_reply_text=None,
        last_reply_resolved=None,
        replied_department=None,
        last_rating=None,
        last_visited_at=None,
        merged_into=None,
        end_reason=None,
        end_reason_zh=None,
        ended_at=None,
        created_at=now,
        updated_at=now,
    )


def _columns(ticket: Ticket) -> dict:
    return {column: getattr(ticket, column) for column in COLUMNS}


COLUMNS = tuple(Ticket.__table__.columns.keys())
