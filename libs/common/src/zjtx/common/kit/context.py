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
from zjtx.common.web.audit import Actor


@dataclass(frozen=True)
class Context:
    session: AsyncSession
    clock: Clock
    parameters: ParameterFile
    reference: Reference
    actor: Actor

    def today(self) -> date:
        return today(self.clock)


# A consumer's handler: the use-case context (its transaction, the event's producer as the actor) and the event.
ContextHandler = Callable[[Context, Event[Any]], Awaitable[None]]
