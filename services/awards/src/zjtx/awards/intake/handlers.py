"""The awards consumer: what each of the registry's events does here (intake.service)."""

from __future__ import annotations

from typing import Any

from zjtx.awards.intake import service
from zjtx.common.events import Event
from zjtx.common.events import registry as ev
from zjtx.common.kit.context import Context, ContextHandler, InRuns


async def enterprise(ctx: Context, event: Event[ev.EnterpriseSnapshot | ev.EnterpriseFactsSnapshot]) -> None:
    await service.enterprise_changed(ctx, event)


async def recognitions_changed(ctx: Context, events: list[Event[ev.RecognitionEvent]]) -> None:
    """Granted, renewed, revoked, expired: the read model, and the awards they settle (a revocation
    revokes an unpaid award it supported and flags a paid one for recovery)."""
    await service.recognitions_changed(ctx, events)


async def relocated(ctx: Context, event: Event[ev.EnterpriseRelocatedIn]) -> None:
    await service.relocated_in(ctx, event.payload, event_id=event.envelope.event_id)


async def scale(ctx: Context, event: Event[ev.EnterpriseScaleReported]) -> None:
    await service.scale_reported(ctx, event.payload, event_id=event.envelope.event_id)


async def recognition_withdrawn(ctx: Context, event: Event[ev.RecognitionWithdrawn]) -> None:
    await service.recognition_withdrawn(ctx, event)


async def credit_list(ctx: Context, event: Event[ev.CreditListEntry]) -> None:
    await service.credit_list_changed(ctx, event)


async def park(ctx: Context, event: Event[ev.ParkQualified]) -> None:
    await service.park_qualified(ctx, event.payload, event_id=event.envelope.event_id)


HANDLERS: dict[Any, ContextHandler | InRuns] = {
    # v1 and v2 while the registry's v2 rolls out (v2: sixteen sectors, effective_on).
    ev.ENTERPRISE_REGISTERED: enterprise,
    ev.ENTERPRISE_REGISTERED_V2: enterprise,
    ev.ENTERPRISE_UPDATED: enterprise,
    ev.ENTERPRISE_UPDATED_V2: enterprise,
    ev.ENTERPRISE_RELOCATED_IN: relocated,
    ev.ENTERPRISE_SCALE_REPORTED: scale,
    ev.ENTERPRISE_SCALE_REPORTED_V2: scale,
    # A burst of recognitions is applied in runs (one enterprise each) with a few statements per run.
    ev.RECOGNITION_GRANTED: InRuns(recognitions_changed),
    ev.RECOGNITION_RENEWED: InRuns(recognitions_changed),
    ev.RECOGNITION_REVOKED: InRuns(recognitions_changed),
    ev.RECOGNITION_EXPIRED: InRuns(recognitions_changed),
    ev.RECOGNITION_WITHDRAWN: recognition_withdrawn,
    ev.PARK_QUALIFIED: park,
    ev.ENTERPRISE_CREDIT_LISTED: credit_list,
    ev.ENTERPRISE_CREDIT_LIST_REMOVED: credit_list,
}
