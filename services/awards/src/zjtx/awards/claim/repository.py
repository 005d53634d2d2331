"""Claims as officers look for them: filtered, in the order they were filed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.claim.models import Claim
from zjtx.awards.readmodel.models import EnterpriseView
from zjtx.common.clock import CHINA


async def search(
    session: AsyncSession,
    *,
    filters: dict,
    district_code: str | None,
    filed_from: date | None,
    filed_to: date | None,
    limit: int,
    after_seq: int | None,
) -> list[Claim]:
    """`filters`: column -> value (None: any); the filing days are calendar days in Asia/Shanghai."""
    query = select(Claim)
    for column, value in filters.items():
        if value is not None:
            query = query.where(getattr(Claim, column) == value)
    if district_code is not None:
        in_district = select(EnterpriseView.uscc).where(EnterpriseView.district_code == district_code)
        query = query.where(Claim.uscc.in_(in_district))
    if filed_from is not None:
        query = query.where(Claim.created_at >= _start_of(filed_from))
    if filed_to is not None:
        query = query.where(Claim.created_at < _start_of(filed_to + timedelta(days=1)))
    if after_seq is not None:
        query = query.where(Claim.seq > after_seq)
    return list(await session.scalars(query.order_by(Claim.seq).limit(limit)))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=CHINA)
