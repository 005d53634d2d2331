from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.finance_subsidy.bank.models import Bank
from zjtx.finance_subsidy.loan.models import Loan


async def loans_by_bank(session: AsyncSession, year: int) -> list[tuple[str, str, int, int]]:
    """(bank code, name, loans disbursed in the year, their principal) per bank, every registered bank."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counted = (
        select(Loan.bank_code, func.count().label("loans"), func.sum(Loan.principal_fen).label("volume"))
        .where(Loan.disbursed_on.between(start, end))
        .group_by(Loan.bank_code)
        .subquery()
    )
    query = (
        select(Bank.code, Bank.name, func.coalesce(counted.c.loans, 0), func.coalesce(counted.c.volume, 0))
        .outerjoin(counted, counted.c.bank_code == Bank.code)
        .order_by(Bank.code)
    )
    return [(code, name, int(n), int(v)) for code, name, n, v in await session.execute(query)]


async def zhubaodai(session: AsyncSession, year: int) -> tuple[int, int, int]:
    """助保贷 loans disbursed in the year (count, principal), and the principal outstanding on every active one."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    count, volume = (
        await session.execute(
            select(func.count(), func.coalesce(func.sum(Loan.principal_fen), 0)).where(
                Loan.product == "zhubaodai", Loan.disbursed_on.between(start, end)
            )
        )
    ).one()
    outstanding = await session.scalar(
        select(func.coalesce(func.sum(Loan.principal_fen - Loan.repaid_fen), 0)).where(
            Loan.product == "zhubaodai", Loan.defaulted_on.is_(None)
        )
    )
    return int(count), int(volume), int(outstanding or 0)
