"""Events the hotline service publishes about 12345 enterprise tickets (A14), one per status change.
Key: the ticket's id. No personal data travels in them (no contact name or phone). Payments-watch
opens a case on the buyer for an arrears ticket (category `arrears` with `buyer_code`); the registry
keeps an enterprise's tickets in its history."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel

from zjtx.common.events import EventContract, contract

TOPIC = "hotline.ticket"


class TicketEvent(BaseModel):
    """received / assigned / acknowledged / replied / rated / reopened / closed / supervised / merged /
    withdrawn / extended v1: the ticket as it stands after the change."""

    ticket_id: uuid.UUID
    external_id: str
    status: str
    category: str  # arrears | finance | awards_policy | inspection | permits | other
    department: str | None
    uscc: str | None  # None when the caller gave none (or an unknown one: `enterprise_known` says)
    enterprise_known: bool
    enterprise_name: str
    title: str
    received_at: datetime
    buyer_code: str | None = None
    contract_no: str | None = None
    resolved: bool | None = None
    rating: str | None = None  # satisfied | basically_satisfied | unsatisfied
    reason: str | None = None  # of a reassignment, merge, withdrawal or supervision
    deadline: str | None = None  # the deadline a supervision is about: acknowledge | reply | return_visit
    # Optional additions of v1: the instant that deadline ends (a supervision's, an extension's new one),
    # the department a reassignment took the ticket from, the ticket a duplicate was merged into, and the
    # ticket's sequence number (one per change, so a receiver can tell a late message from a new one).
    due_at: datetime | None = None
    previous_department: str | None = None
    merged_into: uuid.UUID | None = None
    sequence: int | None = None
    # Optional, still v1: `reason` in Chinese where the hotline service wrote it (a merge without a given
    # reason, a supervision, a reopening); null for a reason a person typed, which reads as typed.
    reason_zh: str | None = None
    # Optional, still v1: the category's Chinese name (咨询, 融资, …), for the lines people read elsewhere.
    category_name: str | None = None


TICKET_RECEIVED = contract("hotline.ticket.received", 1, TicketEvent)
TICKET_ASSIGNED = contract("hotline.ticket.assigned", 1, TicketEvent)
TICKET_ACKNOWLEDGED = contract("hotline.ticket.acknowledged", 1, TicketEvent)
TICKET_REPLIED = contract("hotline.ticket.replied", 1, TicketEvent)
TICKET_RATED = contract("hotline.ticket.rated", 1, TicketEvent)
TICKET_REOPENED = contract("hotline.ticket.reopened", 1, TicketEvent)
TICKET_CLOSED = contract("hotline.ticket.closed", 1, TicketEvent)
TICKET_SUPERVISED = contract("hotline.ticket.supervised", 1, TicketEvent)
TICKET_MERGED = contract("hotline.ticket.merged", 1, TicketEvent)
TICKET_WITHDRAWN = contract("hotline.ticket.withdrawn", 1, TicketEvent)
# The reply deadline of an arrears complaint extended (payment regulation, 2025 text: at most 90 days).
TICKET_EXTENDED = contract("hotline.ticket.extended", 1, TicketEvent)

TICKET_EVENTS: dict[str, EventContract[TicketEvent]] = {
    declared.verb: declared
    for declared in (
        TICKET_RECEIVED,
        TICKET_ASSIGNED,
        TICKET_ACKNOWLEDGED,
        TICKET_REPLIED,
        TICKET_RATED,
        TICKET_REOPENED,
        TICKET_CLOSED,
        TICKET_SUPERVISED,
        TICKET_MERGED,
        TICKET_WITHDRAWN,
        TICKET_EXTENDED,
    )
}
