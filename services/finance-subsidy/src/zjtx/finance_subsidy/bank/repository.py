from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.finance_subsidy.bank.models import Bank


async def get(session: AsyncSession, code: str) -> Bank | None:
    return await session.get(Bank, code)


async def all_banks(session: AsyncSession) -> list[Bank]:
    return list(await session.scalars(select(Bank).order_by(Bank.code)))
