from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.land_project.models import LandProject


async def add(session: AsyncSession, project: LandProject) -> None:
    session.add(project)
    await session.flush()
    await session.refresh(project)


async def of_enterprise(
    session: AsyncSession, uscc: str, *, limit: int, after: tuple[date, datetime, uuid.UUID] | None = None
) -> list[LandProject]:
    """A page of the enterprise's projects in the order of their dates (then of their recording), after the
    sort key `after` (dated_on, created_at, id) of the previous page's last."""
    order = (LandProject.dated_on, LandProject.created_at, LandProject.id)
    query = select(LandProject).where(LandProject.uscc == uscc)
    if after is not None:
        query = query.where(tuple_(*order) > tuple_(*after))
    return list(await session.scalars(query.order_by(*order).limit(limit)))


async def get(session: AsyncSession, uscc: str, project_id: uuid.UUID) -> LandProject | None:
    query = select(LandProject).where(LandProject.id == project_id, LandProject.uscc == uscc)
    return await session.scalar(query)
