"""A ticket as the API shows it to a caller: the contact details masked unless the caller is the
department handling it; the current deadlines; the enterprise as the registry knows it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from zjtx.common.money import format_fen
from zjtx.common.rules import localised, said_in
from zjtx.hotline.categories import CATEGORIES
from zjtx.hotline.deadline.models import TicketDeadline
from zjtx.hotline.deadline.rules import KINDS
from zjtx.hotline.privacy import mask_name, mask_phone
from zjtx.hotline.readmodel.models import EnterpriseView, OverduePayableView
from zjtx.hotline.ticket.models import Ticket, TimelineEntry
from zjtx.hotline.ticket.schemas import (
    ContactRead,
    DeadlineRead,
    Deadlines,
    EnterpriseRead,
    PayableRead,
    RatingRead,
    ReplyRead,
    TicketRead,
    TimelineRead,
)
from zjtx.hotline.transition.rules import STATUS_NAMES_ZH


@dataclass
class Related:
    """What a ticket's view reads beside the ticket."""

    deadlines: Sequence[TicketDeadline] = ()
    timeline: Sequence[TimelineEntry] | None = None
    enterprise: EnterpriseView | None = None
    payables: Sequence[OverduePayableView] = ()
    department_names: dict[str, str] = field(default_factory=dict)
    district_names: dict[str, str] = field(default_factory=dict)


def ticket_read(ticket: Ticket, related: Related, *, now: datetime, unmasked: bool, language: str) -> TicketRead:
    """The ticket as `language` (`zh-CN` or `en`) reads it: its deadlines explained in that language."""
    details = [
        _deadline(d, now, language) for d in sorted(related.deadlines, key=lambda d: (d.cycle, d.opened_at, d.kind))
    ]
    return TicketRead(
        id=ticket.id,
        external_id=ticket.external_id,
        channel=ticket.channel,
        received_at=ticket.received_at,
        category=ticket.category,
        category_name=CATEGORIES.get(ticket.category, ticket.category),
        title=ticket.title,
        content=ticket.content,
        status=ticket.status,
        status_name=status_name(ticket.status),
        department=ticket.department,
        department_name=related.department_names.get(ticket.department) if ticket.department else None,
        enterprise=_enterprise(ticket, related),
        contact=ContactRead(
            name=ticket.contact_name if unmasked else mask_name(ticket.contact_name),
            phone=ticket.contact_phone if unmasked else mask_phone(ticket.contact_phone),
            masked=not unmasked,
        ),
        buyer_code=ticket.buyer_code,
        contract_no=ticket.contract_no,
        reply=ReplyRead(
            text=ticket.last_reply_text or "",
            resolved=bool(ticket.last_reply_resolved),
            replied_at=ticket.last_replied_at,
            department=ticket.replied_department,
        )
        if ticket.last_replied_at is not None
        else None,
        rating=RatingRead(rating=ticket.last_rating, visited_at=ticket.last_visited_at) if ticket.last_rating else None,
        reopen_count=ticket.reopen_count,
        supervision_count=ticket.supervision_count,
        extension_days=ticket.extension_days,
        merged_into=ticket.merged_into,
        end_reason=said_in(language, ticket.end_reason, ticket.end_reason_zh),
        ended_at=ticket.ended_at,
        deadlines=_current(related.deadlines),
        deadline_details=details,
        overdue=any(d.overdue for d in details),
        overdue_payables=[
            PayableRead(
                payable_id=p.payable_id,
                contract_no=p.contract_no,
                buyer_code=p.buyer_code,
                outstanding=format_fen(p.outstanding_fen),
                due_on=p.due_on.isoformat(),
            )
            for p in related.payables
        ],
        sequence=ticket.version,
        timeline=[_timeline(entry, language) for entry in related.timeline] if related.timeline is not None else None,
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
    )


def _enterprise(ticket: Ticket, related: Related) -> EnterpriseRead:
    view = related.enterprise
    district = view.district_code if view else None
    return EnterpriseRead(
        uscc=ticket.uscc,
        uscc_given=ticket.uscc_given,
        name=ticket.enterprise_name,
        match=ticket.enterprise_match,
        known=ticket.enterprise_match == "registered",
        registered_name=view.name if view else None,
        district_code=district,
        district_name=related.district_names.get(district) if district else None,
    )


def _current(deadlines: Sequence[TicketDeadline]) -> Deadlines:
    """Each kind's deadline of the latest cycle that is not replaced; a met one still shows when it was due."""
    latest: dict[str, TicketDeadline] = {}
    for deadline in sorted(deadlines, key=lambda d: (d.cycle, d.opened_at)):
        if deadline.end_reason in ("extended", "reassigned"):
            continue  # replaced by the next row of its kind
        latest[deadline.kind] = deadline
    return Deadlines(**{kind: latest[kind].due_at if kind in latest else None for kind in KINDS})


def is_overdue(deadline: TicketDeadline, now: datetime) -> bool:
    return deadline.ended_at is None and deadline.due_at is not None and deadline.due_at < now


def _deadline(deadline: TicketDeadline, now: datetime, language: str) -> DeadlineRead:
    return DeadlineRead(
        kind=deadline.kind,
        cycle=deadline.cycle,
        opened_at=deadline.opened_at,
        due_at=deadline.due_at,
        unknown_reason=deadline.unknown_reason,
        ended_at=deadline.ended_at,
        end_reason=deadline.end_reason,
        supervised_at=deadline.supervised_at,
        overdue=is_overdue(deadline, now),
        explanation=localised(deadline.explanation, language),
    )


def _timeline(entry: TimelineEntry, language: str) -> TimelineRead:
    # A reason the service wrote is kept in both languages (`reason_zh` beside `reason`): the reader gets one.
    details = {key: value for key, value in entry.details.items() if key != "reason_zh"}
    if "reason" in details:
        details["reason"] = said_in(language, details["reason"], entry.details.get("reason_zh"))
    return TimelineRead(
        seq=entry.seq,
        at=entry.at,
        verb=entry.verb,
        status=entry.status,
        status_name=status_name(entry.status),
        department=entry.department,
        actor=entry.actor,
        event_id=entry.event_id,
        details=details,
    )


def status_name(status: str) -> str:
    """A status's Chinese name (办结, …); the code for one the table does not have."""
    return STATUS_NAMES_ZH.get(status, status)
