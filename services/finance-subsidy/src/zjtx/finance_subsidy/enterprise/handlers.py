"""The finance consumer of the registry's events (enterprise.service says what each does)."""

from __future__ import annotations

from typing import Any

from zjtx.common.events import Event
from zjtx.common.events import registry as ev
from zjtx.common.kit.context import Context, ContextHandler
from zjtx.finance_subsidy.enterprise import service


async def enterprise(ctx: Context, event: Event[ev.EnterpriseSnapshot | ev.EnterpriseFactsSnapshot]) -> None:
    await service.enterprise_changed(ctx, event.payload, occurred_at=event.envelope.occurred_at)


async def recognition(ctx: Context, event: Event[ev.RecognitionEvent]) -> None:
    await service.recognition_changed(ctx, event.payload)


async def withdrawn(ctx: Context, event: Event[ev.RecognitionWithdrawn]) -> None:
    await service.recognition_withdrawn(ctx, event.payload)


# Both versions of the enterprise's events while version 2 rolls out (DESIGN: "Versions").
HANDLERS: dict[Any, ContextHandler] = {
    ev.ENTERPRISE_REGISTERED: enterprise,
    ev.ENTERPRISE_UPDATED: enterprise,
    ev.ENTERPRISE_REGISTERED_V2: enterprise,
    ev.ENTERPRISE_UPDATED_V2: enterprise,
    ev.RECOGNITION_GRANTED: recognition,
    ev.RECOGNITION_RENEWED: recognition,
    ev.RECOGNITION_REVOKED: recognition,
    ev.RECOGNITION_EXPIRED: recognition,
    ev.RECOGNITION_WITHDRAWN: withdrawn,
}
