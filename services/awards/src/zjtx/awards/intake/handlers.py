"""The awards consumer: what each of the registry's events does here (intake.service)."""

from __future__ import annotations

from typing import Any

from zjtx.awards.intake import service
from zjtx.common.events import Event
from zjtx.common.events import registry as ev
from zjtx.common.kit.context import Context, ContextHandler


async def enterprise(ctx: Context, event: Event[ev.EnterpriseSnapshot]) -> None:
    await service.enterprise_changed(ctx, event.payload)


async def recognition_granted(ctx: Context, event: Event[ev.RecognitionEvent]) -> None:
    await service.recognition_changed(ctx, event.payload, event_id=event.envelope.event_id, granted=True)


async def recognition_changed(ctx: Context, event: Event[ev.RecognitionEvent]) -> None:
    await service.recognition_changed(ctx, event.payload, event_id=event.envelope.event_id, granted=False)


async def relocated(ctx: Context, event: Event[ev.EnterpriseRelocatedIn]) -> None:
    await service.relocated_in(ctx, event.payload, event_id=event.envelope.event_id)


async def scale(ctx: Context, event: Event[ev.EnterpriseScaleReported]) -> None:
    await service.scale_reported(ctx, event.payload, event_id=event.envelope.event_id)


async def park(ctx: Context, event: Event[ev.ParkQualified]) -> None:
    await service.park_qualified(ctx, event.payload, event_id=event.envelope.event_id)


HANDLERS: dict[Any, ContextHandler] = {
    ev.ENTERPRISE_REGISTERED: enterprise,
    ev.ENTERPRISE_UPDATED: enterprise,
    ev.ENTERPRISE_RELOCATED_IN: relocated,
    ev.ENTERPRISE_SCALE_REPORTED: scale,
    ev.RECOGNITION_GRANTED: recognition_granted,
    ev.RECOGNITION_RENEWED: recognition_changed,
    ev.RECOGNITION_REVOKED: recognition_changed,
    ev.RECOGNITION_EXPIRED: recognition_changed,
    ev.PARK_QUALIFIED: park,
}
