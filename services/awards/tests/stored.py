"""What the awards database holds, read in the test's transaction: awards, outbox events, audit
records, and row counts to show that a refused request changed nothing."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from zjtx.awards.award.models import Award
from zjtx.awards.claim.models import Claim
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.web.audit import AuditRecord

COUNTED = {"awards": Award, "claims": Claim, "outbox": OutboxRow, "audit_log": AuditRecord}


async def awards(sessions, **where: Any) -> list[Award]:
    query = select(Award).options(selectinload(Award.funding)).order_by(Award.created_at, Award.reference_date)
    for column, value in where.items():
        query = query.where(getattr(Award, column) == value)
    async with sessions() as session:
        return list(await session.scalars(query))


async def events(sessions, event_type: str | None = None) -> list[dict[str, Any]]:
    """Outbox rows as their envelopes, oldest first."""
    query = select(OutboxRow).order_by(OutboxRow.id)
    if event_type is not None:
        query = query.where(OutboxRow.event_type == event_type)
    async with sessions() as session:
        return [json.loads(row.body) for row in await session.scalars(query)]


async def audit(sessions, entity_id: str) -> list[AuditRecord]:
    query = select(AuditRecord).where(AuditRecord.entity_id == entity_id).order_by(AuditRecord.at)
    async with sessions() as session:
        return list(await session.scalars(query))


async def counts(sessions) -> dict[str, int]:
    async with sessions() as session:
        return {name: await session.scalar(select(func.count()).select_from(model)) for name, model in COUNTED.items()}
