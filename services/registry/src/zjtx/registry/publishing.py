"""Publishing a registry event: into the outbox and into the enterprise's history, in one transaction."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.clock import Clock
from zjtx.common.messaging import add_event
from zjtx.registry import SERVICE_NAME
from zjtx.registry.history.service import record_history


async def publish(
    session: AsyncSession,
    *,
    clock: Clock,
    event_type: str,
    key: str,
    payload: BaseModel,
    summary: str,
    uscc: str | None = None,
) -> None:
    """`key` is the aggregate id (the USCC, or the park id); `uscc` names whose history it joins."""
    envelope = await add_event(
        session, event_type=event_type, key=key, payload=payload, producer=SERVICE_NAME, occurred_at=clock.now()
    )
    if uscc is not None:
        await record_history(session, envelope=envelope, uscc=uscc, summary=summary)
