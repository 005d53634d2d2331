"""The hotline's consumer of other services' events: the registry's enterprises, payments-watch's
overdue payables."""

from __future__ import annotations

from zjtx.common.events import Event
from zjtx.common.events import payments as payment_events
from zjtx.common.events import registry as registry_events
from zjtx.common.kit.context import Context
from zjtx.hotline.readmodel import service


async def enterprise(
    ctx: Context, event: Event[registry_events.EnterpriseSnapshot | registry_events.EnterpriseFactsSnapshot]
) -> None:
    await service.enterprise_changed(ctx, event.payload)


async def relocated(ctx: Context, event: Event[registry_events.EnterpriseRelocatedIn]) -> None:
    await service.enterprise_moved(ctx, event.payload)


async def payable_overdue(ctx: Context, event: Event[payment_events.PayableOverdue]) -> None:
    await service.payable_overdue(ctx, event.payload)


async def payable_paid(ctx: Context, event: Event[payment_events.PayablePaid]) -> None:
    await service.payable_paid(ctx, event.payload)


HANDLERS = {
    registry_events.ENTERPRISE_REGISTERED: enterprise,
    registry_events.ENTERPRISE_UPDATED: enterprise,
    # Both versions while version 2 rolls out (DESIGN: "Versions").
    registry_events.ENTERPRISE_REGISTERED_V2: enterprise,
    registry_events.ENTERPRISE_UPDATED_V2: enterprise,
    registry_events.ENTERPRISE_RELOCATED_IN: relocated,
    payment_events.PAYABLE_BECAME_OVERDUE: payable_overdue,
    payment_events.PAYABLE_PAID: payable_paid,
}
