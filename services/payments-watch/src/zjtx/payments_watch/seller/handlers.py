"""The registry's enterprise events, as this service's consumer applies them."""

from __future__ import annotations

from zjtx.common.events import Event
from zjtx.common.events import registry as ev
from zjtx.common.kit.context import Context
from zjtx.payments_watch.seller import service


async def enterprise(ctx: Context, event: Event[ev.EnterpriseSnapshot]) -> None:
    await service.enterprise_described(
        ctx, event.payload, event_id=event.envelope.event_id, occurred_at=event.envelope.occurred_at
    )


HANDLERS = {ev.ENTERPRISE_REGISTERED: enterprise, ev.ENTERPRISE_UPDATED: enterprise}
