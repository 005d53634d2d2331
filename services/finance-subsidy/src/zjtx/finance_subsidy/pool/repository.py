from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.finance_subsidy.pool.models import AWAITING, PAID, Compensation, Deposit, Recovery


@dataclass(frozen=True)
class Figures:
    deposited_fen: int
    compensated_fen: int
    returned_fen: int
    awaiting_fen: int

    @property
    def balance_fen(self) -> int:
        return self.deposited_fen - self.compensated_fen + self.returned_fen


async def figures(session: AsyncSession) -> Figures:
    deposited = await session.scalar(select(func.coalesce(func.sum(Deposit.amount_fen), 0)))
    compensated, awaiting = (
        await session.execute(
            select(
                func.coalesce(func.sum(Compensation.amount_fen).filter(Compensation.status == PAID), 0),
                func.coalesce(func.sum(Compensation.amount_fen).filter(Compensation.status == AWAITING), 0),
            )
        )
    ).one()
    returned = await session.scalar(select(func.coalesce(func.sum(Recovery.returned_fen), 0)))
    return Figures(int(deposited), int(compensated), int(returned), int(awaiting))


async def compensation_of(session: AsyncSession, loan_ref: uuid.UUID) -> Compensation | None:
    query = select(Compensation).where(Compensation.loan_ref == loan_ref).with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


async def waiting(session: AsyncSession) -> list[Compensation]:
    """Compensations waiting for funds, first in first."""
    query = (
        select(Compensation)
        .where(Compensation.status == AWAITING)
        .order_by(Compensation.seq)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return list(await session.scalars(query))


async def any_waiting(session: AsyncSession) -> bool:
    return bool(await session.scalar(select(func.count()).where(Compensation.status == AWAITING)))


async def pending_recoveries(session: AsyncSession, loan_ref: uuid.UUID) -> list[Recovery]:
    query = (
        select(Recovery)
        .where(Recovery.loan_ref == loan_ref, Recovery.settlement == "pending")
        .order_by(Recovery.recovered_on, Recovery.created_at, Recovery.id)
    )
    return list(await session.scalars(query))


async def recoveries_of(session: AsyncSession, loan_ref: uuid.UUID) -> list[Recovery]:
    query = select(Recovery).where(Recovery.loan_ref == loan_ref).order_by(Recovery.recovered_on, Recovery.id)
    return list(await session.scalars(query))


async def search_compensations(
    session: AsyncSession, *, status: str | None, bank_code: str | None, limit: int, after: int | None
) -> list[Compensation]:
    query = select(Compensation)
    if status is not None:
        query = query.where(Compensation.status == status)
    if bank_code is not None:
        query = query.where(Compensation.bank_code == bank_code)
    if after is not None:
        query = query.where(Compensation.seq > after)
    return list(await session.scalars(query.order_by(Compensation.seq).limit(limit)))
