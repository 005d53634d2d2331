"""Subsidies as they are written and read back: a decision's new subsidies (with their F.1 shares, audit
records and events) and the periods' decisions in one statement; the ORM rows of the subsidies a
decision or a reviewer moves; the lists and totals of the API."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    Integer,
    Text,
    Uuid,
    bindparam,
    cast,
    func,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from zjtx.common import jsontext
from zjtx.common.db import Write, unnest_rows
from zjtx.finance_subsidy.loan.models import InterestPeriod
from zjtx.finance_subsidy.subsidy.models import Subsidy, SubsidyFunding

_P, _S = InterestPeriod.__table__, Subsidy.__table__


def new_subsidies(rows: list[dict[str, Any]], *, texts: dict[int, str] | None = None) -> Write:
    """Computed subsidies (the columns of _NEW_COLUMNS) as one row to write (zjtx.common.db.write).
    `texts`: the JSON of explanations written beside them (by id), for one written twice."""
    values = {f"new_subsidy_{column}": [row[column] for row in rows] for column in _NEW_COLUMNS}
    values["new_subsidy_explanation"] = [_json(row["explanation"], texts) for row in rows]
    return _INSERT_NEW, values


def _json(explanation: dict, texts: dict[int, str] | None) -> str:
    """An explanation's JSON, made once per write for an explanation both a period and its subsidy show
    (`texts` keeps it by the dict's id, for the write's duration, while the dict is alive)."""
    if texts is None:
        return jsontext.dumps(explanation)
    text = texts.get(id(explanation))
    if text is None:
        text = texts[id(explanation)] = jsontext.dumps(explanation)
    return text


def funding_rows(shares: list[tuple[uuid.UUID, str, int, int]]) -> Write:
    """F.1 shares (subsidy id, funder, position, fen) as one row to write."""
    return _INSERT_FUNDING, {
        "new_funding_subsidy_id": [share[0] for share in shares],
        "new_funding_funder": [share[1] for share in shares],
        "new_funding_position": [share[2] for share in shares],
        "new_funding_amount_fen": [share[3] for share in shares],
    }


def decisions_update(
    uscc: str, changes: list[tuple[uuid.UUID, str, str | None, int, dict]], *, texts: dict[int, str] | None = None
) -> Write:
    """One enterprise's periods' new decisions (id, status, code, entitled, explanation) as one row to write
    (an UPDATE, beside the inserts of zjtx.common.db.write); `texts` as new_subsidies'."""
    return _UPDATE_DECISIONS, {
        "decisions_uscc": uscc,
        "decisions_id": [c[0] for c in changes],
        "decisions_status": [c[1] for c in changes],
        "decisions_code": [c[2] for c in changes],
        "decisions_entitled": [c[3] for c in changes],
        "decisions_explanation": [_json(c[4], texts) for c in changes],
    }


_NEW_COLUMNS = {
    "id": Uuid(),
    "period_id": Uuid(),
    "period_revision": Integer(),
    "uscc": Text(),
    "bank_code": Text(),
    "loan_id": Text(),
    "period_start": Date(),
    "period_end": Date(),
    "interest_paid_on": Date(),
    "year": Integer(),
    "district_code": Text(),
    "rule": Text(),
    "amount_fen": BigInteger(),
    "entitled_fen": BigInteger(),
    "already_paid_fen": BigInteger(),
    "parameters_version": Text(),
    "explanation": Text(),
    "supersedes_id": Uuid(),
}
_NEW = unnest_rows("new_subsidy", _NEW_COLUMNS)
_INSERT_NEW = insert(_S).from_select(
    [*_NEW_COLUMNS, "status", "recovery_due_fen"],
    select(
        *(cast(_NEW.c[c], JSONB) if c == "explanation" else _NEW.c[c] for c in _NEW_COLUMNS),
        literal_column("'computed'"),
        literal_column("0"),
    ).order_by(_NEW.c.n),  # the order given is the order of their sequence numbers
)
_FUNDING = unnest_rows(
    "new_funding", {"subsidy_id": Uuid(), "funder": Text(), "position": Integer(), "amount_fen": BigInteger()}
)
_INSERT_FUNDING = insert(SubsidyFunding.__table__).from_select(
    ["subsidy_id", "funder", "position", "amount_fen"],
    select(_FUNDING.c.subsidy_id, _FUNDING.c.funder, _FUNDING.c.position, _FUNDING.c.amount_fen),
)
_DECISIONS = unnest_rows(
    "decisions", {"id": Uuid(), "status": Text(), "code": Text(), "entitled": BigInteger(), "explanation": Text()}
)
_UPDATE_DECISIONS = (
    update(_P)
    # The enterprise named too, so that the rows are found by its index whatever the planner thinks of the
    # table: joined to the unnested rows alone, a plan made while the table was small (a prepared
    # statement's generic plan, kept until the table is next analysed) hashes a scan of all of it, a cost
    # that grows with the table (seen: 2-13 ms an event at 3,000 periods).
    .where(_P.c.uscc == bindparam("decisions_uscc", type_=Text()), _P.c.id == _DECISIONS.c.id)
    .values(
        decision_status=_DECISIONS.c.status,
        decision_code=_DECISIONS.c.code,
        entitled_fen=_DECISIONS.c.entitled,
        explanation=cast(_DECISIONS.c.explanation, JSONB),
        updated_at=func.now(),
    )
    .returning(_P.c.id)  # so that it can be a statement beside others in one write
)


async def load(session: AsyncSession, subsidy_ids: list[uuid.UUID]) -> dict[uuid.UUID, Subsidy]:
    """The subsidies a decision moves, with their funding, locked."""
    query = (
        select(Subsidy)
        .where(Subsidy.id.in_(subsidy_ids))
        .options(selectinload(Subsidy.funding))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {subsidy.id: subsidy for subsidy in await session.scalars(query)}


async def get(session: AsyncSession, subsidy_id: uuid.UUID, *, for_update: bool = False) -> Subsidy | None:
    query = select(Subsidy).where(Subsidy.id == subsidy_id).options(selectinload(Subsidy.funding))
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


async def search(
    session: AsyncSession,
    *,
    filters: dict,
    limit: int,
    after: int | None,
) -> list[Subsidy]:
    query = select(Subsidy).options(selectinload(Subsidy.funding))
    for column, value in filters.items():
        if value is not None:
            query = query.where(getattr(Subsidy, column) == value)
    if after is not None:
        query = query.where(Subsidy.seq > after)
    return list(await session.scalars(query.order_by(Subsidy.seq).limit(limit)))


async def of_loan(session: AsyncSession, bank_code: str, loan_id: str) -> list[Subsidy]:
    query = (
        select(Subsidy)
        .where(Subsidy.bank_code == bank_code, Subsidy.loan_id == loan_id)
        .options(selectinload(Subsidy.funding))
        .order_by(Subsidy.period_start, Subsidy.seq)
    )
    return list(await session.scalars(query))


async def totals_by_status(session: AsyncSession, year: int) -> dict[str, tuple[int, int]]:
    """status -> (sum of amounts, enterprises), for the subsidies of interest paid in `year`."""
    query = (
        select(Subsidy.status, func.sum(Subsidy.amount_fen), func.count(func.distinct(Subsidy.uscc)))
        .where(Subsidy.year == year)
        .group_by(Subsidy.status)
    )
    return {status: (int(total or 0), int(count)) for status, total, count in await session.execute(query)}


async def paid_totals(session: AsyncSession, year: int) -> tuple[int, int, int]:
    """Disbursed subsidies of interest paid in `year`: amount, recovery flagged on them, enterprises."""
    query = select(
        func.coalesce(func.sum(Subsidy.amount_fen), 0),
        func.coalesce(func.sum(Subsidy.recovery_due_fen), 0),
        func.count(func.distinct(Subsidy.uscc)),
    ).where(Subsidy.year == year, Subsidy.status == "disbursed")
    total, recovery, count = (await session.execute(query)).one()
    return int(total), int(recovery), int(count)


async def enterprises_with(session: AsyncSession, year: int, statuses: tuple[str, ...]) -> int:
    query = select(func.count(func.distinct(Subsidy.uscc))).where(Subsidy.year == year, Subsidy.status.in_(statuses))
    return int(await session.scalar(query) or 0)
