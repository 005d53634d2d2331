"""Publishing a registry event: into the outbox and into the enterprise's history, in one transaction."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.clock import Clock
from zjtx.common.db import Write, write
from zjtx.common.events import EventContract
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.messaging.outbox import outbox_insert
from zjtx.registry import SERVICE_NAME
from zjtx.registry.history.service import history_insert


async def publish(
    session: AsyncSession,
    *,
    clock: Clock,
    event: EventContract[Any],
    key: str,
    payload: BaseModel,
    summary: str,
    summary_zh: str,
    uscc: str | None = None,
    actor: str | None = None,
) -> None:
    """`key` is the aggregate id (the USCC, or the park id); `uscc` names whose history it joins; `actor`
    the client that acted, for the history line, which says `summary` in English and `summary_zh` in Chinese."""
    rows = event_rows(
        clock=clock,
        event=event,
        key=key,
        payload=payload,
        summary=summary,
        summary_zh=summary_zh,
        uscc=uscc,
        actor=actor,
    )
    await write(session, *rows)


def event_rows(
    *,
    clock: Clock,
    event: EventContract[Any],
    key: str,
    payload: BaseModel,
    summary: str,
    summary_zh: str,
    uscc: str | None = None,
    actor: str | None = None,
) -> list[Write]:
    """An event's outbox row and, when it is about an enterprise, its history line: rows to write in
    one statement, with each other and with the row the event is about (zjtx.common.db.write)."""
    envelope = make_envelope(event, key=key, payload=payload, producer=SERVICE_NAME, occurred_at=clock.now())
    rows = [outbox_insert(envelope)]
    if uscc is not None:
        rows.append(history_insert(envelope=envelope, uscc=uscc, summary=summary, summary_zh=summary_zh, actor=actor))
    return rows
