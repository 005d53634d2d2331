"""A service's event handlers as the consumer runs them: each event in a use-case context whose actor
is the event's producer (the audit trail says which event did what)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.clock import Clock, SystemClock
from zjtx.common.events import Event, EventContract
from zjtx.common.kit.context import Context, ContextHandler, InRuns, event_actor
from zjtx.common.kit.definition import ServiceDefinition
from zjtx.common.kit.foreign import ForeignTopic, message_actor
from zjtx.common.messaging.consumer import EventHandlers, Handler, RunHandler
from zjtx.common.messaging.foreign import ForeignHandlers, ForeignMessage
from zjtx.common.parameters import ParameterFile
from zjtx.common.reference import Reference, load_reference


def bind_handlers(
    consumer: str,
    handlers: Mapping[EventContract, ContextHandler | InRuns],
    *,
    clock: Clock,
    parameters: ParameterFile,
    reference: Reference,
) -> EventHandlers:
    """`consumer` names the consumer group and the inbox (tests give their own to stay apart)."""

    def context(session: AsyncSession, event: Event[Any]) -> Context:
        return Context(
            session=session, clock=clock, parameters=parameters, reference=reference, actor=event_actor(event)
        )

    def bound(handler: ContextHandler | InRuns) -> Handler:
        if isinstance(handler, InRuns):

            async def handle_run(session: AsyncSession, events: list[Event[Any]]) -> None:
                await handler.handle(context(session, events[0]), events)

            return RunHandler(handle_run)

        async def handle(session: AsyncSession, event: Event[Any]) -> None:
            await handler(context(session, event), event)

        return handle

    return EventHandlers(consumer, {declared: bound(handler) for declared, handler in handlers.items()})


def handlers_for(
    definition: ServiceDefinition,
    *,
    consumer: str | None = None,
    clock: Clock | None = None,
    parameters: ParameterFile | None = None,
    reference: Reference | None = None,
) -> EventHandlers:
    """A service's consumer handlers, as its process binds them (defaults: its name, the system clock,
    its parameters, the shipped reference data)."""
    return bind_handlers(
        consumer or definition.name,
        definition.handlers,
        clock=clock or SystemClock(),
        parameters=parameters or definition.load_parameters(),
        reference=reference or load_reference(),
    )


def bind_foreign(
    foreign: ForeignTopic, *, clock: Clock, parameters: ParameterFile, reference: Reference
) -> ForeignHandlers:
    """A foreign topic as its consumer runs it: each message in a use-case context whose actor is the
    sender on that topic, through the same inbox as the service's other routes for it."""

    async def apply(session: AsyncSession, message: ForeignMessage) -> None:
        ctx = Context(
            session=session,
            clock=clock,
            parameters=parameters,
            reference=reference,
            actor=message_actor(foreign.topic, message),
        )
        await foreign.handle(ctx, message)

    return ForeignHandlers(consumer=foreign.consumer, topic=foreign.topic, read=foreign.read, apply=apply)


def foreign_handlers_for(
    definition: ServiceDefinition,
    *,
    clock: Clock | None = None,
    parameters: ParameterFile | None = None,
    reference: Reference | None = None,
) -> dict[str, ForeignHandlers]:
    """A service's foreign topics as its process runs them, by consumer name."""
    clock = clock or SystemClock()
    parameters = parameters or definition.load_parameters()
    reference = reference or load_reference()
    return {
        foreign.consumer: bind_foreign(foreign, clock=clock, parameters=parameters, reference=reference)
        for foreign in definition.foreign_topics
    }
