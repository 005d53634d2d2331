from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.land_project.models import LandProject


async def add(session: AsyncSession, project: LandProject) -> None:
    session.add(project)
    await session.flush()
    await session.refresh(project)


async def of_enterprise(session: AsyncSession, uscc: str) -> list[LandProject]:
    query = select(LandProject).where(LandProject.uscc == uscc).order_by(LandProject.dated_on, LandProject.created_at)
    return list(await session.scalars(query))


async def get(session: AsyncSession, uscc: str, project_id: uuid.UUID) -> LandProject | None:
    query = select(LandProject).where(LandProject.id == project_id, LandProject.uscc == uscc)
    return await session.scalar(query)
