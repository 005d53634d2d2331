"""The finance consumer of the registry's events (enterprise.service says what each does)."""

from __future__ import annotations

from typing import Any

from zjtx.common.events import Event
from zjtx.common.events import registry as ev
from zjtx.common.kit.context import Context, ContextHandler
from zjtx.finance_subsidy.enterprise import service


async def enterprise(ctx: Context, event: Event[ev.EnterpriseSnapshot]) -> None:
    await service.enterprise_changed(ctx, event.payload)


async def recognition(ctx: Context, event: Event[ev.RecognitionEvent]) -> None:
    await service.recognition_changed(ctx, event.payload)


HANDLERS: dict[Any, ContextHandler] = {
    ev.ENTERPRISE_REGISTERED: enterprise,
    ev.ENTERPRISE_UPDATED: enterprise,
    ev.RECOGNITION_GRANTED: recognition,
    ev.RECOGNITION_RENEWED: recognition,
    ev.RECOGNITION_REVOKED: recognition,
    ev.RECOGNITION_EXPIRED: recognition,
}
