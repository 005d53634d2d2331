from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.finance_subsidy.loan.models import InterestPeriod, Loan, Repayment
from zjtx.finance_subsidy.rules.facts import LoanFact


async def get(session: AsyncSession, bank_code: str, loan_id: str, *, for_update: bool = False) -> Loan | None:
    query = select(Loan).where(Loan.bank_code == bank_code, Loan.loan_id == loan_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


async def of_enterprise(session: AsyncSession, uscc: str) -> list[Loan]:
    return list(await session.scalars(select(Loan).where(Loan.uscc == uscc).order_by(Loan.disbursed_on, Loan.id)))


async def usccs_disbursed_from(session: AsyncSession, day: date) -> set[str]:
    return set(await session.scalars(select(Loan.uscc).where(Loan.disbursed_on >= day).distinct()))


async def periods_of_loan(session: AsyncSession, loan_ref: uuid.UUID) -> list[InterestPeriod]:
    query = select(InterestPeriod).where(InterestPeriod.loan_ref == loan_ref).order_by(InterestPeriod.period_start)
    return list(await session.scalars(query))


async def periods_of(session: AsyncSession, uscc: str, years: set[int] | None) -> list[InterestPeriod]:
    query = select(InterestPeriod).where(InterestPeriod.uscc == uscc)
    if years is not None:
        query = query.where(InterestPeriod.year.in_(sorted(years)))
    return list(await session.scalars(query.order_by(InterestPeriod.interest_paid_on, InterestPeriod.id)))


async def repayments_of(session: AsyncSession, loan_ref: uuid.UUID) -> list[Repayment]:
    query = select(Repayment).where(Repayment.loan_ref == loan_ref).order_by(Repayment.repaid_on, Repayment.id)
    return list(await session.scalars(query))


async def search(
    session: AsyncSession,
    *,
    uscc: str | None,
    bank_code: str | None,
    flag: str | None,
    product: str | None,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> list[Loan]:
    query = select(Loan)
    if uscc is not None:
        query = query.where(Loan.uscc == uscc)
    if bank_code is not None:
        query = query.where(Loan.bank_code == bank_code)
    if flag is not None:
        query = query.where(Loan.flags.contains([flag]))
    if product is not None:
        query = query.where(Loan.product == product)
    if after is not None:
        query = query.where(tuple_(Loan.created_at, Loan.id) > tuple_(*after))
    return list(await session.scalars(query.order_by(Loan.created_at, Loan.id).limit(limit)))


def fact(loan: Loan) -> LoanFact:
    return LoanFact(
        bank_code=loan.bank_code,
        loan_id=loan.loan_id,
        uscc=loan.uscc,
        principal_fen=loan.principal_fen,
        annual_rate=loan.annual_rate,
        disbursed_on=loan.disbursed_on,
        maturity_on=loan.maturity_on,
        purpose=loan.purpose,
        product=loan.product,
    )
