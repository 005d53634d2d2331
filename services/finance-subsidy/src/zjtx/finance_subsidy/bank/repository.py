from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.finance_subsidy.bank.models import Bank


async def get(session: AsyncSession, code: str) -> Bank | None:
    return await session.get(Bank, code)


async def banks(session: AsyncSession, *, after: str | None, limit: int) -> list[Bank]:
    """The banks by code, those after `after`."""
    query = select(Bank).order_by(Bank.code).limit(limit)
    if after is not None:
        query = query.where(Bank.code > after)
    return list(await session.scalars(query))
