"""What every awards use case needs besides its input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.clock import Clock, today
from zjtx.common.parameters import ParameterFile
from zjtx.common.web.audit import Actor


@dataclass(frozen=True)
class Context:
    session: AsyncSession
    clock: Clock
    parameters: ParameterFile
    actor: Actor

    def today(self) -> date:
        return today(self.clock)
