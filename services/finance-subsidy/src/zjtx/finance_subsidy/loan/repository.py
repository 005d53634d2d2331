from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, insert, literal, select, tuple_
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import Write, lock_clause
from zjtx.finance_subsidy import locks
from zjtx.finance_subsidy.loan.models import InterestPeriod, Loan, Repayment
from zjtx.finance_subsidy.rules.facts import LoanFact


async def get(session: AsyncSession, bank_code: str, loan_id: str, *, for_update: bool = False) -> Loan | None:
    query = select(Loan).where(Loan.bank_code == bank_code, Loan.loan_id == loan_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


_PERIODS = InterestPeriod.__table__


@dataclass(frozen=True)
class LoanTerms:
    """What a loan's periods are checked and decided against (its terms do not change once reported)."""

    id: uuid.UUID
    bank_code: str
    loan_id: str
    uscc: str
    principal_fen: int
    disbursed_on: date
    maturity_on: date


async def terms_locking_enterprise(session: AsyncSession, bank_code: str, loan_id: str) -> LoanTerms | None:
    """The loan's terms, with its enterprise's lock taken in the same statement (locks.ENTERPRISE)."""
    row = (await session.execute(_TERMS_LOCKING, {"bank_code": bank_code, "loan_id": loan_id})).first()
    return LoanTerms(*row[:7]) if row is not None else None


_L = Loan.__table__
_TERMS_LOCKING = select(
    _L.c.id,
    _L.c.bank_code,
    _L.c.loan_id,
    _L.c.uscc,
    _L.c.principal_fen,
    _L.c.disbursed_on,
    _L.c.maturity_on,
    lock_clause(*locks.ENTERPRISE, _L.c.uscc),
).where(_L.c.bank_code == bindparam("bank_code"), _L.c.loan_id == bindparam("loan_id"))


async def of_enterprise(session: AsyncSession, uscc: str) -> list[Loan]:
    return list(await session.scalars(select(Loan).where(Loan.uscc == uscc).order_by(Loan.disbursed_on, Loan.id)))


async def usccs_disbursed_from(session: AsyncSession, day: date) -> set[str]:
    return set(await session.scalars(select(Loan.uscc).where(Loan.disbursed_on >= day).distinct()))


async def periods_of_loan(session: AsyncSession, loan_ref: uuid.UUID) -> list[InterestPeriod]:
    query = select(InterestPeriod).where(InterestPeriod.loan_ref == loan_ref).order_by(InterestPeriod.period_start)
    return list(await session.scalars(query))


@dataclass(frozen=True)
class PeriodFigures:
    id: uuid.UUID
    period_start: date
    period_end: date
    outstanding_fen: int
    interest_fen: int
    interest_paid_on: date


async def periods_touching(session: AsyncSession, loan_ref: uuid.UUID, start: date, end: date) -> list[PeriodFigures]:
    """The loan's periods that share a day with [start, end), the same period among them."""
    rows = await session.execute(_TOUCHING, {"loan_ref": loan_ref, "start": start, "end": end})
    return [PeriodFigures(*row) for row in rows]


async def period(session: AsyncSession, period_id: uuid.UUID) -> InterestPeriod:
    return await session.get_one(InterestPeriod, period_id, with_for_update=True)


_TOUCHING = (
    select(
        _PERIODS.c.id,
        _PERIODS.c.period_start,
        _PERIODS.c.period_end,
        _PERIODS.c.outstanding_fen,
        _PERIODS.c.interest_fen,
        _PERIODS.c.interest_paid_on,
    )
    .where(
        _PERIODS.c.loan_ref == bindparam("loan_ref"),
        _PERIODS.c.period_start < bindparam("end"),
        _PERIODS.c.period_end > bindparam("start"),
    )
    .order_by(_PERIODS.c.period_start)
)


def period_insert(values: dict) -> Write:
    """A new period (its decision pending) as a row to write (zjtx.common.db.write)."""
    return _INSERT_PERIOD, {f"period_{column}": values[column] for column in _PERIOD_COLUMNS}


_PERIOD_COLUMNS = (
    "id",
    "loan_ref",
    "bank_code",
    "loan_id",
    "uscc",
    "period_start",
    "period_end",
    "outstanding_fen",
    "interest_fen",
    "interest_paid_on",
    "year",
    "source_event_id",
)
_INSERT_PERIOD = insert(_PERIODS).values(
    {c: bindparam(f"period_{c}", type_=_PERIODS.c[c].type) for c in _PERIOD_COLUMNS}
    | {"revision": 1, "decision_status": "pending", "entitled_fen": 0, "explanation": literal({}, JSONB)}
)


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
