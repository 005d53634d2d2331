from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.payments_watch.complaint.models import Complaint


async def get(session: AsyncSession, ticket_id: uuid.UUID, *, for_update: bool = False) -> Complaint | None:
    query = select(Complaint).where(Complaint.ticket_id == ticket_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def add(session: AsyncSession, values: dict) -> bool:
    inserted = await session.scalar(
        insert(Complaint)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["ticket_id"])
        .returning(Complaint.ticket_id)
    )
    return inserted is not None


async def of_buyer(
    session: AsyncSession, buyer_code: str, *, after: tuple[datetime, uuid.UUID] | None, limit: int
) -> Sequence[Complaint]:
    query = (
        select(Complaint)
        .where(Complaint.buyer_code == buyer_code)
        .order_by(Complaint.received_at.desc(), Complaint.ticket_id.desc())
        .limit(limit)
    )
    if after is not None:
        query = query.where(tuple_(Complaint.received_at, Complaint.ticket_id) < tuple_(*after))
    return (await session.scalars(query)).all()
