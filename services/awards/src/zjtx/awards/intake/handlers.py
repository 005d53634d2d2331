"""The awards consumer: the registry's events, each applied once (inbox) in one transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards import SERVICE_NAME
from zjtx.awards.context import Context
from zjtx.awards.intake import service
from zjtx.common.clock import Clock
from zjtx.common.events import registry as ev
from zjtx.common.messaging.consumer import EventHandlers
from zjtx.common.messaging.envelope import Envelope
from zjtx.common.parameters import ParameterFile
from zjtx.common.web.audit import Actor

Handler = Callable[[AsyncSession, Envelope], Awaitable[None]]


def build_handlers(*, clock: Clock, parameters: ParameterFile, consumer: str = SERVICE_NAME) -> EventHandlers:
    def handler(apply) -> Handler:
        async def handle(session: AsyncSession, envelope: Envelope) -> None:
            ctx = Context(
                session=session,
                clock=clock,
                parameters=parameters,
                actor=Actor(f"event:{envelope.producer}", str(envelope.event_id)),
            )
            await apply(ctx, envelope)

        return handle

    async def enterprise(ctx: Context, e: Envelope) -> None:
        await service.enterprise_changed(ctx, ev.EnterpriseSnapshot.model_validate(e.payload))

    def recognition(granted: bool):
        async def apply(ctx: Context, e: Envelope) -> None:
            await service.recognition_changed(
                ctx, ev.RecognitionEvent.model_validate(e.payload), event_id=e.event_id, granted=granted
            )

        return apply

    async def relocated(ctx: Context, e: Envelope) -> None:
        await service.relocated_in(ctx, ev.EnterpriseRelocatedIn.model_validate(e.payload), event_id=e.event_id)

    async def scale(ctx: Context, e: Envelope) -> None:
        await service.scale_reported(ctx, ev.EnterpriseScaleReported.model_validate(e.payload), event_id=e.event_id)

    async def park(ctx: Context, e: Envelope) -> None:
        await service.park_qualified(ctx, ev.ParkQualified.model_validate(e.payload), event_id=e.event_id)

    return EventHandlers(
        consumer,
        {
            ev.ENTERPRISE_REGISTERED: handler(enterprise),
            ev.ENTERPRISE_UPDATED: handler(enterprise),
            ev.ENTERPRISE_RELOCATED_IN: handler(relocated),
            ev.ENTERPRISE_SCALE_REPORTED: handler(scale),
            ev.RECOGNITION_GRANTED: handler(recognition(granted=True)),
            ev.RECOGNITION_RENEWED: handler(recognition(granted=False)),
            ev.RECOGNITION_REVOKED: handler(recognition(granted=False)),
            ev.RECOGNITION_EXPIRED: handler(recognition(granted=False)),
            ev.PARK_QUALIFIED: handler(park),
        },
    )
