"""Tickets: how a change is recorded (its timeline entry, its event through the outbox, its audit
record, its new deadlines and what it does to the rates, all in the change's transaction, in one
statement), and reading tickets as a caller may see them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from zjtx.common.calendar import load_calendar
from zjtx.common.clock import CHINA
from zjtx.common.db import Write, write
from zjtx.common.events.hotline import TICKET_EVENTS, TicketEvent
from zjtx.common.kit.context import Context
from zjtx.common.messaging.envelope import Envelope, make_envelope
from zjtx.common.messaging.outbox import outbox_insert_many
from zjtx.common.web.audit import AuditEntry, audit_insert_many
from zjtx.hotline import SERVICE_NAME
from zjtx.hotline.access import Caller
from zjtx.hotline.categories import CATEGORIES
from zjtx.hotline.deadline.models import TicketDeadline
from zjtx.hotline.deadline.repository import deadline_rows
from zjtx.hotline.deadline.rules import Deadline
from zjtx.hotline.errors import TicketNotFound
from zjtx.hotline.kpi.repository import delta_rows
from zjtx.hotline.kpi.rules import TicketFacts, change, contribution
from zjtx.hotline.privacy import mask_name, mask_phone
from zjtx.hotline.ticket import repository
from zjtx.hotline.ticket.models import Ticket, TimelineEntry
from zjtx.hotline.ticket.schemas import TicketRead
from zjtx.hotline.ticket.views import Related, ticket_read

CALENDAR = load_calendar()


class Recorder:
    """The changes one use case makes to one ticket, written together at the end (`write`)."""

    def __init__(self, ctx: Context, ticket: Ticket, *, new: bool = False) -> None:
        self.ctx = ctx
        self.ticket = ticket
        self._kpi_before = {} if new else contribution(facts(ticket))
        self._audit_before = None if new else audit_view(ticket)
        self.timeline: list[dict[str, Any]] = []
        self.deadlines: list[dict[str, Any]] = []
        self._audits: list[AuditEntry] = []
        self._envelopes: list[Envelope] = []

    def record(self, verb: str, *, details: dict[str, Any] | None = None, **event: Any) -> Envelope:
        """One change (`verb` of hotline.ticket.*), made to the ticket already: timeline, event, audit."""
        ticket, now = self.ticket, self.ctx.clock.now()
        ticket.version += 1
        ticket.updated_at = now
        envelope = make_envelope(
            TICKET_EVENTS[verb],
            key=str(ticket.id),
            payload=event_payload(ticket, **event),
            producer=SERVICE_NAME,
            occurred_at=now,
        )
        shown = {k: _plain(v) for k, v in event.items() if v is not None} | (details or {})
        self.timeline.append(
            {
                "id": uuid.uuid4(),
                "ticket_id": ticket.id,
                "seq": ticket.version,
                "at": now,
                "verb": verb,
                "status": ticket.status,
                "department": ticket.department,
                "actor": self.ctx.actor.name,
                "event_id": envelope.event_id,
                "details": shown,
            }
        )
        after = audit_view(ticket)
        self._audits.append(
            AuditEntry(self.ctx.actor, f"ticket.{verb}", "ticket", str(ticket.id), self._audit_before, after | shown)
        )
        self._audit_before = after
        self._envelopes.append(envelope)
        return envelope

    def open_deadlines(self, deadlines: list[Deadline], *, cycle: int, opened_at: datetime) -> list[TicketDeadline]:
        """New deadlines of the ticket, written with the changes."""
        rows = [
            {
                "id": uuid.uuid4(),
                "ticket_id": self.ticket.id,
                "kind": d.kind,
                "cycle": cycle,
                "term": d.term,
                "starts_on": d.starts_on,
                "opened_at": opened_at,
                "due_at": d.due_at,
                "unknown_reason": d.unknown_reason,
                "explanation": d.explanation,
            }
            for d in deadlines
        ]
        self.deadlines += rows
        # Plain objects, not ORM instances: what a view reads of the rows just written (cheaper to make).
        return [SimpleNamespace(**row, ended_at=None, end_reason=None, supervised_at=None) for row in rows]

    def rows(self) -> list[Write]:
        rows = []
        if self.timeline:
            rows += [
                repository.timeline_rows(self.timeline),
                audit_insert_many(self._audits),
                outbox_insert_many(self._envelopes),
            ]
        if self.deadlines:
            rows.append(deadline_rows(self.deadlines))
        moved = change(self._kpi_before, contribution(facts(self.ticket)))
        if moved:
            rows.append(delta_rows(moved))
        return rows

    def values(self) -> dict[str, Any]:
        """The parameters of every row to write beside the ticket (intake writes them in its own statement)."""
        values: dict[str, Any] = {}
        for _, parameters in self.rows():
            values.update(parameters)
        return values

    async def write(self) -> None:
        """The ticket's own changes first (they are what the other rows refer to), then the rest in one statement."""
        await self.ctx.session.flush()
        rows = self.rows()
        if rows:
            await write(self.ctx.session, *rows)

    def entries(self) -> list[TimelineEntry]:
        return [SimpleNamespace(**row) for row in self.timeline]


def facts(ticket: Ticket) -> TicketFacts:
    return TicketFacts(
        status=ticket.status,
        received_on=ticket.received_on,
        department=ticket.department,
        replied_department=ticket.replied_department,
        first_acknowledged_at=ticket.first_acknowledged_at,
        response_due_at=ticket.response_due_at,
        last_replied_at=ticket.last_replied_at,
        last_reply_resolved=ticket.last_reply_resolved,
        last_rating=ticket.last_rating,
    )


def event_payload(
    ticket: Ticket,
    *,
    reason: str | None = None,
    reason_zh: str | None = None,
    deadline: str | None = None,
    due_at: datetime | None = None,
    previous_department: str | None = None,
) -> TicketEvent:
    """The ticket as it stands after the change; no personal data (no contact name or phone, no text)."""
    return TicketEvent(
        ticket_id=ticket.id,
        external_id=ticket.external_id,
        status=ticket.status,
        category=ticket.category,
        category_name=CATEGORIES.get(ticket.category),
        department=ticket.department,
        uscc=ticket.uscc,
        enterprise_known=ticket.enterprise_match == "registered",
        enterprise_name=ticket.enterprise_name,
        title=ticket.title,
        received_at=ticket.received_at.astimezone(CHINA),
        buyer_code=ticket.buyer_code,
        contract_no=ticket.contract_no,
        resolved=ticket.last_reply_resolved,
        rating=ticket.last_rating,
        reason=reason,
        reason_zh=reason_zh,
        deadline=deadline,
        due_at=due_at.astimezone(CHINA) if due_at is not None else None,
        previous_department=previous_department,
        merged_into=ticket.merged_into,
        sequence=ticket.version,
    )


def audit_view(ticket: Ticket) -> dict[str, Any]:
    """What the audit trail keeps of a ticket: its state, the caller's contact details masked."""
    return {
        "status": ticket.status,
        "department": ticket.department,
        "category": ticket.category,
        "title": ticket.title,
        "uscc": ticket.uscc,
        "enterprise_name": ticket.enterprise_name,
        "contact_name": mask_name(ticket.contact_name),
        "contact_phone": mask_phone(ticket.contact_phone),
        "reply_text": ticket.last_reply_text,
        "resolved": ticket.last_reply_resolved,
        "rating": ticket.last_rating,
        "reopen_count": ticket.reopen_count,
        "extension_days": ticket.extension_days,
        "supervision_count": ticket.supervision_count,
        "merged_into": str(ticket.merged_into) if ticket.merged_into else None,
        "end_reason": ticket.end_reason,
    }


def _plain(value: Any) -> Any:
    return (
        value.isoformat()
        if isinstance(value, datetime | date)
        else str(value)
        if isinstance(value, uuid.UUID)
        else value
    )


# -- reading ------------------------------------------------------------------------------------------


async def visible_ticket(caller: Caller, ticket_id: uuid.UUID, *, for_update: bool = False) -> Ticket:
    """The ticket, if the caller may see it; another department's ticket is not found, as an unknown one."""
    ticket = await repository.get(caller.ctx.session, ticket_id, for_update=for_update)
    if ticket is None or not caller.sees(ticket.department):
        raise TicketNotFound(f"no ticket {ticket_id}", detail_zh=f"没有工单{ticket_id}")
    return ticket


async def get_ticket(caller: Caller, ticket_id: uuid.UUID) -> TicketRead:
    return await show(caller, await visible_ticket(caller, ticket_id))


async def show(caller: Caller, ticket: Ticket, *, timeline: list[TimelineEntry] | None = None) -> TicketRead:
    """The ticket with its timeline, as the caller may see it."""
    session = caller.ctx.session
    if timeline is None:
        timeline = await repository.timeline(session, ticket.id)
    [read] = await _views(caller, [ticket], timelines={ticket.id: timeline})
    return read


async def list_tickets(
    caller: Caller,
    *,
    filters: dict[str, Any],
    received_from: date | None,
    received_to: date | None,
    overdue: bool | None,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> list[TicketRead]:
    """Tickets in the order received (then by id), after the given one; a department's own only."""
    if caller.department is not None:
        if filters.get("department") not in (None, caller.department):
            return []  # another department's tickets: none to see
        filters = filters | {"department": caller.department}
    rows = await repository.search(
        caller.ctx.session,
        filters=filters,
        received_from=received_from,
        received_to=received_to,
        overdue=overdue,
        now=caller.ctx.clock.now(),
        limit=limit,
        after=after,
    )
    return await _views(caller, rows, timelines=None)


async def _views(
    caller: Caller, tickets: list[Ticket], *, timelines: dict[uuid.UUID, list[TimelineEntry]] | None
) -> list[TicketRead]:
    session, ctx = caller.ctx.session, caller.ctx
    if not tickets:
        return []
    deadlines = await repository.deadlines_of(session, [t.id for t in tickets])
    enterprises = await repository.enterprises(session, {t.uscc for t in tickets if t.uscc})
    payables = await repository.payables_for(session, tickets)
    names = await repository.department_names(session)
    now = ctx.clock.now()
    return [
        ticket_read(
            ticket,
            Related(
                deadlines=deadlines[ticket.id],
                timeline=timelines.get(ticket.id) if timelines is not None else None,
                enterprise=enterprises.get(ticket.uscc) if ticket.uscc else None,
                payables=payables[ticket.id],
                department_names=names,
                district_names=ctx.reference.divisions,
            ),
            now=now,
            unmasked=caller.handles(ticket.department),
            language=caller.language,
        )
        for ticket in tickets
    ]
