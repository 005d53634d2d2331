"""The hotline's consumer of its own ticket events: each becomes a callback to the 12345 system."""

from __future__ import annotations

from zjtx.common.events import Event
from zjtx.common.events.hotline import TicketEvent
from zjtx.common.kit.context import Context
from zjtx.hotline.callback import service


async def ticket_event(ctx: Context, event: Event[TicketEvent]) -> None:
    await service.record_callback(ctx, event)
