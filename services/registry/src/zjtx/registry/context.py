"""What every use case needs besides its input: the session (the entrypoint's transaction), the
clock, the reference data, and who acts (for the audit trail)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.clock import Clock, today
from zjtx.common.web.audit import Actor
from zjtx.registry.reference import Reference


@dataclass(frozen=True)
class Context:
    session: AsyncSession
    clock: Clock
    reference: Reference
    actor: Actor

    def today(self) -> date:
        return today(self.clock)
