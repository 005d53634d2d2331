"""What a service's database holds, read as a test checks it: outbox events, audit records, row counts
(to show that a refused request changed nothing), the consumer's own counts by outcome."""

from __future__ import annotations

import json
from typing import Any

from prometheus_client import REGISTRY
from sqlalchemy import func, select

from zjtx.common.events import EventContract
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.web.audit import AuditRecord


async def outbox_events(sessions, contract: EventContract | None = None) -> list[dict[str, Any]]:
    """The outbox rows as their envelopes, oldest first; of one event type when given."""
    query = select(OutboxRow).order_by(OutboxRow.id)
    if contract is not None:
        query = query.where(OutboxRow.event_type == contract.event_type)
    async with sessions() as session:
        return [json.loads(row.body) for row in await session.scalars(query)]


async def audit_records(sessions, *, action: str | None = None, entity_id: str | None = None) -> list[AuditRecord]:
    query = select(AuditRecord).order_by(AuditRecord.at, AuditRecord.seq)
    if action is not None:
        query = query.where(AuditRecord.action == action)
    if entity_id is not None:
        query = query.where(AuditRecord.entity_id == entity_id)
    async with sessions() as session:
        return list(await session.scalars(query))


async def count_rows(sessions, *models: type, where: tuple = ()) -> tuple[int, ...]:
    """Rows in each table (matching `where`, for a single model)."""
    async with sessions() as session:
        return tuple([await session.scalar(select(func.count()).select_from(model).where(*where)) for model in models])


def consumed(consumer: str, outcome: str) -> float:
    """A consumer's own count of events by outcome (applied, duplicate, unknown_type, dead_lettered, retried)."""
    return REGISTRY.get_sample_value("zjtx_events_consumed_total", {"consumer": consumer, "outcome": outcome}) or 0.0
