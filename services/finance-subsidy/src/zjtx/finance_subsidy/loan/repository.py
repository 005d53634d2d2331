from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, literal, select, tuple_
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import lock_clause, violated_constraint
from zjtx.common.driver import fetch_all
from zjtx.finance_subsidy import errors, locks
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
    rows = await fetch_all(session, _TERMS_LOCKING, {"bank_code": bank_code, "loan_id": loan_id})
    return LoanTerms(*tuple(rows[0])[:7]) if rows else None


_L = Loan.__table__
# A loan's terms as LoanTerms takes them, in its order (the intake reads them in a statement of its own).
TERMS = (_L.c.id, _L.c.bank_code, _L.c.loan_id, _L.c.uscc, _L.c.principal_fen, _L.c.disbursed_on, _L.c.maturity_on)
_TERMS_LOCKING = select(
    *TERMS,
    lock_clause(*locks.ENTERPRISE, _L.c.uscc),
).where(_L.c.bank_code == bindparam("bank_code"), _L.c.loan_id == bindparam("loan_id"))


async def of_enterprise(session: AsyncSession, uscc: str) -> list[Loan]:
    return list(await session.scalars(select(Loan).where(Loan.uscc == uscc).order_by(Loan.disbursed_on, Loan.id)))


async def usccs_disbursed_from(session: AsyncSession, day: date) -> set[str]:
    return set(await session.scalars(select(Loan.uscc).where(Loan.disbursed_on >= day).distinct()))


async def periods_of_loan(session: AsyncSession, loan_ref: uuid.UUID) -> list[InterestPeriod]:
    query = select(InterestPeriod).where(InterestPeriod.loan_ref == loan_ref).order_by(InterestPeriod.period_start)
    return list(await session.scalars(query))


async def period_by_key(session: AsyncSession, loan_ref: uuid.UUID, start: date, end: date) -> InterestPeriod:
    """The loan's period of these dates (one reported before), locked: a correction changes it."""
    query = select(InterestPeriod).where(
        InterestPeriod.loan_ref == loan_ref, InterestPeriod.period_start == start, InterestPeriod.period_end == end
    )
    return (await session.scalars(query.with_for_update().execution_options(populate_existing=True))).one()


async def insert_period(session: AsyncSession, values: dict) -> bool:
    """A new period (its decision pending): False when the loan has this very period already. One that
    overlaps another of the loan is refused by the database (PeriodOverlap)."""
    connection = await session.connection()
    async with refusing_overlaps():
        inserted = await connection.execute(_INSERT_PERIOD, new_period_values(values))
    return inserted.first() is not None


def new_period_values(values: dict) -> dict:
    """The bind parameters of NEW_PERIOD."""
    return {f"period_{c}": values[c] for c in PERIOD_COLUMNS}


@asynccontextmanager
async def refusing_overlaps() -> AsyncIterator[None]:
    """A period the exclusion constraint refuses is PeriodOverlaps (409), naming the other when it can."""
    try:
        yield
    except IntegrityError as exc:
        if violated_constraint(exc) == "ex_interest_periods_overlap":
            other = _overlapped(exc)
            raise errors.PeriodOverlaps(
                f"{other} is reported for this loan already" if other else None,
                detail_zh=f"该贷款已报送计息期{other}" if other else None,
            ) from None
        raise


def _overlapped(exc: IntegrityError) -> str | None:
    """The other period, from PostgreSQL's detail: `… conflicts with existing key (…, [2024-05-01,2024-07-31))`."""
    detail = getattr(getattr(exc.orig, "orig", None), "detail", None) or ""
    found = re.search(r"existing key \(.*\[(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2})\)\)", detail)
    return f"{found.group(1)} to {found.group(2)}" if found else None


PERIOD_COLUMNS = (
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
# A new period, its decision pending; nothing when the loan has this very period (a repeat, a correction).
NEW_PERIOD = (
    pg_insert(_PERIODS)
    .values(
        {c: bindparam(f"period_{c}", type_=_PERIODS.c[c].type) for c in PERIOD_COLUMNS}
        | {"revision": 1, "decision_status": "pending", "entitled_fen": 0, "explanation": literal({}, JSONB)}
    )
    .on_conflict_do_nothing(index_elements=["loan_ref", "period_start", "period_end"])
)
_INSERT_PERIOD = NEW_PERIOD.returning(_PERIODS.c.id)


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
