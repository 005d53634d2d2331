"""The registry's enterprise events, as this service's consumer applies them."""

from __future__ import annotations

from zjtx.common.events import Event
from zjtx.common.events import registry as ev
from zjtx.common.kit.context import Context
from zjtx.payments_watch.seller import service


async def enterprise(ctx: Context, event: Event[ev.EnterpriseSnapshot | ev.EnterpriseFactsSnapshot]) -> None:
    await service.enterprise_described(
        ctx, event.payload, event_id=event.envelope.event_id, occurred_at=event.envelope.occurred_at
    )


# Both versions while version 2 rolls out (DESIGN: "Versions"); version 2 always says `effective_on`.
HANDLERS = {
    ev.ENTERPRISE_REGISTERED: enterprise,
    ev.ENTERPRISE_UPDATED: enterprise,
    ev.ENTERPRISE_REGISTERED_V2: enterprise,
    ev.ENTERPRISE_UPDATED_V2: enterprise,
}
