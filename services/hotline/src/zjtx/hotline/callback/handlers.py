"""The hotline's consumer of its own ticket events: each becomes a callback to the 12345 system."""

from __future__ import annotations

from zjtx.common.events import Event
from zjtx.common.events.hotline import TicketEvent
from zjtx.common.kit.context import Context
from zjtx.hotline.callback import service


async def ticket_events(ctx: Context, events: list[Event[TicketEvent]]) -> None:
    """A run of events (InRuns: distinct tickets, in order), their callbacks made in one statement."""
    await service.record_callbacks(ctx, events)
