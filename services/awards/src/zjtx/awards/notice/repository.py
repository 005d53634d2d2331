from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.award.models import Award, AwardObjection


async def get_objection(
    session: AsyncSession, award_id: uuid.UUID, objection_id: uuid.UUID, *, for_update: bool = False
) -> AwardObjection | None:
    query = select(AwardObjection).where(AwardObjection.id == objection_id, AwardObjection.award_id == award_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


async def on_notice(
    session: AsyncSession, *, today: date, limit: int, after: tuple[datetime, uuid.UUID] | None
) -> list[Award]:
    """Reviewed awards whose notice runs today (first day to last day, both included; a last day not known
    yet, for want of its year's holidays, runs on), oldest first."""
    query = (
        select(Award)
        .where(
            Award.status == "reviewed",
            Award.notice_starts_on <= today,
            or_(Award.notice_ends_on >= today, Award.notice_ends_on.is_(None)),
        )
        .order_by(Award.created_at, Award.id)
        .limit(limit)
    )
    if after is not None:
        query = query.where(tuple_(Award.created_at, Award.id) > tuple_(*after))
    return list(await session.scalars(query))


async def objections_of(
    session: AsyncSession, award_id: uuid.UUID, *, limit: int, after: tuple[datetime, uuid.UUID] | None
) -> list[AwardObjection]:
    """The award's objections, in the order recorded, a page at a time."""
    query = (
        select(AwardObjection)
        .where(AwardObjection.award_id == award_id)
        .order_by(AwardObjection.created_at, AwardObjection.id)
        .limit(limit)
    )
    if after is not None:
        query = query.where(tuple_(AwardObjection.created_at, AwardObjection.id) > tuple_(*after))
    return list(await session.scalars(query))
