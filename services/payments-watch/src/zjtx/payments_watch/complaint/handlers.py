"""The hotline's ticket events, as this service's consumer applies them: arrears cases on buyers."""

from __future__ import annotations

from zjtx.common.events import Event
from zjtx.common.events import hotline as hotline_events
from zjtx.common.kit.context import Context
from zjtx.payments_watch.complaint import service


async def ticket(ctx: Context, event: Event[hotline_events.TicketEvent]) -> None:
    await service.ticket_event(ctx, event.payload, verb=event.contract.verb)


HANDLERS = {
    hotline_events.TICKET_RECEIVED: ticket,
    hotline_events.TICKET_MERGED: ticket,
    hotline_events.TICKET_WITHDRAWN: ticket,
}
