from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.hotline.department.models import Department, Route


async def add(session: AsyncSession, code: str, name: str) -> Department | None:
    """The new department, or None when the code exists (the primary key decides, even between replicas)."""
    inserted = await session.execute(
        insert(Department).values(code=code, name=name).on_conflict_do_nothing().returning(Department.code)
    )
    if inserted.first() is None:
        return None
    return await session.get(Department, code)


async def all_departments(session: AsyncSession) -> list[Department]:
    return list(await session.scalars(select(Department).order_by(Department.code)))


async def departments(session: AsyncSession, *, after: str | None, limit: int) -> list[Department]:
    """The departments by code, those after `after`."""
    query = select(Department).order_by(Department.code).limit(limit)
    if after is not None:
        query = query.where(Department.code > after)
    return list(await session.scalars(query))


async def names(session: AsyncSession) -> dict[str, str]:
    return {d.code: d.name for d in await all_departments(session)}


async def routes(session: AsyncSession) -> list[Route]:
    return list(await session.scalars(select(Route).order_by(Route.category)))


async def route_of(session: AsyncSession, category: str) -> str | None:
    return await session.scalar(select(Route.department_code).where(Route.category == category))


async def replace_routes(session: AsyncSession, routes: dict[str, str]) -> None:
    await session.execute(delete(Route))
    await session.execute(insert(Route), [{"category": c, "department_code": d} for c, d in sorted(routes.items())])
