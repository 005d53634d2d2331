from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from zjtx.payments_watch.procurement.models import ProcurementPlan


async def next_version(session: AsyncSession, buyer_code: str, year: int) -> int:
    latest = await session.scalar(
        select(func.max(ProcurementPlan.version)).where(
            ProcurementPlan.buyer_code == buyer_code, ProcurementPlan.year == year
        )
    )
    return (latest or 0) + 1


async def add(session: AsyncSession, plan: ProcurementPlan) -> None:
    session.add(plan)
    await session.flush()
    await session.refresh(plan)


async def get(session: AsyncSession, plan_id: uuid.UUID) -> ProcurementPlan | None:
    return await session.get(ProcurementPlan, plan_id)


async def is_latest(session: AsyncSession, plan: ProcurementPlan) -> bool:
    newer = await session.scalar(
        select(func.count()).where(
            ProcurementPlan.buyer_code == plan.buyer_code,
            ProcurementPlan.year == plan.year,
            ProcurementPlan.version > plan.version,
        )
    )
    return not newer


async def search(
    session: AsyncSession,
    *,
    year: int | None,
    buyer_code: str | None,
    compliant: bool | None,
    all_versions: bool,
    after: tuple[int, str, int] | None,
    limit: int,
) -> Sequence[ProcurementPlan]:
    query = (
        select(ProcurementPlan)
        .order_by(ProcurementPlan.year, ProcurementPlan.buyer_code, ProcurementPlan.version)
        .limit(limit)
    )
    if not all_versions:
        newer = aliased(ProcurementPlan)
        query = query.where(
            ~select(newer.id)
            .where(
                newer.buyer_code == ProcurementPlan.buyer_code,
                newer.year == ProcurementPlan.year,
                newer.version > ProcurementPlan.version,
            )
            .exists()
        )
    if year is not None:
        query = query.where(ProcurementPlan.year == year)
    if buyer_code is not None:
        query = query.where(ProcurementPlan.buyer_code == buyer_code)
    if compliant is not None:
        query = query.where(ProcurementPlan.compliant.is_(compliant))
    if after is not None:
        query = query.where(
            tuple_(ProcurementPlan.year, ProcurementPlan.buyer_code, ProcurementPlan.version) > tuple_(*after)
        )
    return (await session.scalars(query)).all()
