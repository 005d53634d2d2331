"""What a decision of A5.1 reads: an enterprise's periods with their loans' terms and its district, what
the periods before a place in the order of payment took of the cap, its recognitions and the LPR table
(one round trip for a period just reported, which the same statement inserts), and the subsidies of the
periods to decide."""

from __future__ import annotations

import functools
import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Integer,
    Text,
    Uuid,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import array_param
from zjtx.common.driver import fetch_all
from zjtx.common.lpr import LprPublication, LprTable
from zjtx.finance_subsidy.enterprise.models import WITHDRAWN, EnterpriseView, RecognitionView
from zjtx.finance_subsidy.loan import repository as loans
from zjtx.finance_subsidy.loan.models import InterestPeriod, Loan
from zjtx.finance_subsidy.lpr.models import LprEntry
from zjtx.finance_subsidy.lpr.repository import table_with
from zjtx.finance_subsidy.rules.facts import LoanFact, RecognitionFact
from zjtx.finance_subsidy.subsidy.models import Subsidy


@dataclass(frozen=True)
class PeriodState:
    """A period, the terms of its loan, its decision as kept, and the enterprise's district (F.1)."""

    id: uuid.UUID
    uscc: str
    bank_code: str
    loan_id: str
    period_start: date
    period_end: date
    outstanding_fen: int
    interest_fen: int
    interest_paid_on: date
    year: int
    revision: int
    decision: tuple[str, str | None, int]  # status, code, entitled
    loan: LoanFact
    district_code: str | None

    @property
    def order(self) -> tuple:
        """Its place in the order of payment (rules.facts.payment_order)."""
        return self.interest_paid_on, self.period_end, self.period_start, self.bank_code, self.loan_id


@dataclass(frozen=True)
class Record:
    """A subsidy of a period, as a decision reads it."""

    id: uuid.UUID
    period_id: uuid.UUID
    period_revision: int
    status: str
    amount_fen: int
    recovery_due_fen: int
    closed_reason: str | None


_P, _L = InterestPeriod.__table__, Loan.__table__
_DISTRICT = (
    select(EnterpriseView.district_code).where(EnterpriseView.uscc == _P.c.uscc).scalar_subquery().label("district")
)
_PERIODS = (
    select(
        *(column for column in _P.c if column.key != "explanation"),  # kept, never read for a decision
        _L.c.principal_fen,
        _L.c.annual_rate,
        _L.c.disbursed_on,
        _L.c.maturity_on,
        _L.c.purpose,
        _L.c.product,
        _DISTRICT,
    )
    .join(_L, _L.c.id == _P.c.loan_ref)
    .where(_P.c.uscc == bindparam("uscc"))
)


_PERIODS_OF_YEARS = _PERIODS.where(_P.c.year == func.any(array_param("years", Integer())))


async def periods_to_decide(session: AsyncSession, uscc: str, years: set[int] | None) -> list[PeriodState]:
    """The enterprise's periods paid in `years` (all when None)."""
    if years is None:
        rows = (await session.execute(_PERIODS, {"uscc": uscc})).mappings()
    else:
        rows = (await session.execute(_PERIODS_OF_YEARS, {"uscc": uscc, "years": sorted(years)})).mappings()
    return [_state(r) for r in rows]


async def periods_from(
    session: AsyncSession, uscc: str, year: int, order: tuple
) -> tuple[list[PeriodState], int, Sequence[RecognitionFact], LprTable]:
    """A year's periods from a place in the order of payment on (rules.facts.payment_order), what the
    periods before it took of the cap, and what a decision reads besides: all in one round trip."""
    values = {
        "uscc": uscc,
        "year": year,
        **{f"from_{name}": value for name, value in zip(_ORDER_NAMES, order, strict=True)},
    }
    rows = (await session.execute(_PERIODS_FROM, values)).mappings().all()
    if not rows:
        return [], 0, [], table_with([])
    first = rows[0]
    recognitions, table = _inputs(first["recognitions"], first["entered"])
    return [_state(r) for r in rows], int(first["used_before"]), recognitions, table


async def insert_and_read_from(
    session: AsyncSession, period: dict, order: tuple
) -> tuple[bool, list[PeriodState], int, Sequence[RecognitionFact], LprTable]:
    """A new period (loan.repository.NEW_PERIOD) inserted, and what periods_from reads from its place on,
    in one round trip; False (and nothing inserted) when the loan has this very period already. One
    sharing a day with another period of its loan is refused (PeriodOverlaps)."""
    values = {
        **loans.new_period_values(period),
        "uscc": period["uscc"],
        "year": period["year"],
        **{f"from_{name}": value for name, value in zip(_ORDER_NAMES, order, strict=True)},
    }
    async with loans.refusing_overlaps():
        rows = await fetch_all(session, _INSERT_AND_READ, values)
    if not any(r["is_new"] for r in rows):
        return False, [], 0, [], table_with([])
    first = rows[0]
    recognitions, table = _inputs(first["recognitions"], first["entered"])
    return True, [_state(r) for r in rows], int(first["used_before"]), recognitions, table


def _state(r) -> PeriodState:
    return PeriodState(
        id=r["id"],
        uscc=r["uscc"],
        bank_code=r["bank_code"],
        loan_id=r["loan_id"],
        period_start=r["period_start"],
        period_end=r["period_end"],
        outstanding_fen=r["outstanding_fen"],
        interest_fen=r["interest_fen"],
        interest_paid_on=r["interest_paid_on"],
        year=r["year"],
        revision=r["revision"],
        decision=(r["decision_status"], r["decision_code"], r["entitled_fen"]),
        loan=LoanFact(
            bank_code=r["bank_code"],
            loan_id=r["loan_id"],
            uscc=r["uscc"],
            principal_fen=r["principal_fen"],
            annual_rate=r["annual_rate"],
            disbursed_on=r["disbursed_on"],
            maturity_on=r["maturity_on"],
            purpose=r["purpose"],
            product=r["product"],
        ),
        district_code=r["district"],
    )


_S = Subsidy.__table__


async def decision_inputs(session: AsyncSession, uscc: str) -> tuple[Sequence[RecognitionFact], LprTable]:
    """What a decision reads besides the periods, in one round trip: the enterprise's recognitions and
    the LPR table (the publications entered since those shipped)."""
    row = (await session.execute(_INPUTS, {"uscc": uscc})).one()
    return _inputs(row[0], row[1])


@functools.lru_cache(maxsize=1024)
def _inputs(recognitions_text: str, entered_text: str) -> tuple[tuple[RecognitionFact, ...], LprTable]:
    """The recognitions and the LPR table from their JSON as read: the same text, the same facts (all
    frozen), so a text read before (the LPR table at every decision, an enterprise's recognitions at each of
    its periods) is not taken apart again."""
    recognitions_json, entered_json = json.loads(recognitions_text), json.loads(entered_text)
    recognitions = [
        RecognitionFact(
            tier=r["tier"],
            recognized_on=date.fromisoformat(r["recognized_on"]),
            expires_on=date.fromisoformat(r["expires_on"]),
            revoked_on=date.fromisoformat(r["revoked_on"]) if r["revoked_on"] else None,
            recognition_id=uuid.UUID(r["recognition_id"]),
        )
        for r in recognitions_json
    ]
    entered = [
        LprPublication(date.fromisoformat(p["published_on"]), Decimal(str(p["one_year"])), Decimal(str(p["five_year"])))
        for p in entered_json
    ]
    return tuple(sorted(recognitions, key=lambda r: r.recognized_on)), table_with(entered)


_R, _E = RecognitionView.__table__, LprEntry.__table__
_RECOGNITIONS_JSON = (
    select(
        func.coalesce(
            func.json_agg(
                func.json_build_object(
                    "recognition_id",
                    _R.c.recognition_id,
                    "tier",
                    _R.c.tier,
                    "recognized_on",
                    _R.c.recognized_on,
                    "expires_on",
                    _R.c.expires_on,
                    "revoked_on",
                    _R.c.revoked_on,
                )
            ),
            literal_column("'[]'::json"),
        ).cast(Text())  # as text: what _inputs keeps its facts by
    )
    .where(_R.c.uscc == bindparam("uscc"), _R.c.status != WITHDRAWN)  # never held: read by no decision
    .scalar_subquery()
)
_ENTERED_JSON = (
    select(
        func.coalesce(
            func.json_agg(
                func.json_build_object(
                    "published_on",
                    _E.c.published_on,
                    "one_year",
                    cast(_E.c.one_year, Text()),
                    "five_year",
                    cast(_E.c.five_year, Text()),
                )
            ),
            literal_column("'[]'::json"),
        ).cast(Text())
    )
).scalar_subquery()
_INPUTS = select(_RECOGNITIONS_JSON, _ENTERED_JSON)

_ORDER_NAMES = ("paid_on", "period_end", "period_start", "bank_code", "loan_id")
_ORDER = tuple_(_P.c.interest_paid_on, _P.c.period_end, _P.c.period_start, _P.c.bank_code, _P.c.loan_id)
_FROM = tuple_(*(bindparam(f"from_{name}") for name in _ORDER_NAMES))
_EARLIER = _P.alias("earlier")
_USED_BEFORE = (
    select(func.coalesce(func.sum(_EARLIER.c.entitled_fen), 0))
    .where(
        _EARLIER.c.uscc == bindparam("uscc"),
        _EARLIER.c.year == bindparam("year"),
        # written into the statement, not a list bound and expanded at each run (statements.fetch_all)
        _EARLIER.c.decision_status.in_([literal_column("'subsidised'"), literal_column("'closed'")]),
        tuple_(
            _EARLIER.c.interest_paid_on,
            _EARLIER.c.period_end,
            _EARLIER.c.period_start,
            _EARLIER.c.bank_code,
            _EARLIER.c.loan_id,
        )
        < _FROM,
    )
    .scalar_subquery()
)
_PERIODS_FROM = _PERIODS.add_columns(
    _USED_BEFORE.label("used_before"),
    _RECOGNITIONS_JSON.label("recognitions"),
    _ENTERED_JSON.label("entered"),
).where(_P.c.year == bindparam("year"), _ORDER >= _FROM)


_NEW_PERIOD = loans.NEW_PERIOD.returning(*(c for c in _P.c if c.key != "explanation")).cte("new_period")
_LOAN_COLUMNS = (_L.c.principal_fen, _L.c.annual_rate, _L.c.disbursed_on, _L.c.maturity_on, _L.c.purpose, _L.c.product)
_EXISTING = (
    select(*(c for c in _P.c if c.key != "explanation"), *_LOAN_COLUMNS, literal(False).label("is_new"))
    .join(_L, _L.c.id == _P.c.loan_ref)
    .where(_P.c.uscc == bindparam("uscc"), _P.c.year == bindparam("year"), _ORDER >= _FROM)
)
_FRESH = select(*_NEW_PERIOD.c, *_LOAN_COLUMNS, literal(True).label("is_new")).join(
    _L, _L.c.id == _NEW_PERIOD.c.loan_ref
)
_UNION = union_all(_EXISTING, _FRESH).subquery("periods")
# The new row is not in the statement's snapshot of interest_periods: it comes from the insert's RETURNING.
_INSERT_AND_READ = select(
    _UNION,
    select(EnterpriseView.district_code)
    .where(EnterpriseView.uscc == bindparam("uscc"))
    .scalar_subquery()
    .label("district"),
    _USED_BEFORE.label("used_before"),
    _RECOGNITIONS_JSON.label("recognitions"),
    _ENTERED_JSON.label("entered"),
).add_cte(_NEW_PERIOD)


async def records_of(session: AsyncSession, period_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Record]]:
    """The subsidies of the periods, oldest first."""
    found: dict[uuid.UUID, list[Record]] = defaultdict(list)
    if not period_ids:
        return found
    for row in await session.execute(_RECORDS, {"period_ids": period_ids}):
        found[row.period_id].append(Record(*row))
    return found


_RECORDS = (
    select(
        _S.c.id,
        _S.c.period_id,
        _S.c.period_revision,
        _S.c.status,
        _S.c.amount_fen,
        _S.c.recovery_due_fen,
        _S.c.closed_reason,
    )
    .where(_S.c.period_id == func.any(array_param("period_ids", Uuid())))
    .order_by(_S.c.seq)
)
