"""What every use case gets besides its input: the session (its entrypoint's transaction), the clock,
the parameters and reference data, and who acts (for the audit trail). One class for every service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.clock import Clock, today
from zjtx.common.events import Event
from zjtx.common.parameters import ParameterFile
from zjtx.common.reference import Reference
from zjtx.common.settings import ServiceSettings
from zjtx.common.web.audit import Actor


@dataclass(frozen=True)
class Context:
    session: AsyncSession
    clock: Clock
    parameters: ParameterFile
    reference: Reference
    actor: Actor
    # The process's settings (the service's own subclass), for the few use cases that need deployment
    # configuration, such as where to call back; None where no process is behind the context.
    settings: ServiceSettings | None = None

    def today(self) -> date:
        return today(self.clock)


# A consumer's handler: the use-case context (its transaction, the event's producer as the actor) and the event.
ContextHandler = Callable[[Context, Event[Any]], Awaitable[None]]


@dataclass(frozen=True)
class InRuns:
    """A consumer's handler that takes a run of events at once (consecutive events of a fetched batch, no
    two of one aggregate, in order), to do in a few statements what one by one would take many. It must
    do exactly what handling them one by one would; the context's actor is the first event's, and each
    event's own is `event_actor(event)`."""

    handle: Callable[[Context, list[Event[Any]]], Awaitable[None]]


def event_actor(event: Event[Any]) -> Actor:
    """Who acts when an event is applied: its producer, and the event itself as the request."""
    return Actor(f"event:{event.envelope.producer}", str(event.envelope.event_id))
