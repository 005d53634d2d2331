from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Integer,
    Text,
    Uuid,
    cast,
    func,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from zjtx.awards.award.models import HOLDS_ITS_PLACE, Award, AwardFunding, AwardObjection, AwardRecovery
from zjtx.common import jsontext
from zjtx.common.db import Write, unnest_rows


async def insert_new(session: AsyncSession, rows: list[dict[str, Any]]) -> set[uuid.UUID]:
    """Insert the awards whose dedup_key does not exist yet (the unique index decides, even between
    replicas and within the list); the ids of those inserted. One statement, whatever the number."""
    if not rows:
        return set()
    values = {f"new_award_{column}": [row.get(column) for row in rows] for column in _AWARD_COLUMNS}
    values["new_award_explanation"] = [jsontext.dumps(row["explanation"]) for row in rows]
    return set((await session.execute(_INSERT_NEW, values)).scalars())


def funding_rows(shares: list[tuple[uuid.UUID, str, int, int]]) -> Write:
    """F.1 shares (award id, funder, position, fen) as one row to write (zjtx.common.db.write)."""
    return _INSERT_FUNDING, {
        "funding_award_id": [s[0] for s in shares],
        "funding_funder": [s[1] for s in shares],
        "funding_position": [s[2] for s in shares],
        "funding_amount_fen": [s[3] for s in shares],
    }


async def fill_subject_name(session: AsyncSession, uscc: str, name: str) -> None:
    """Name the awards computed while the enterprise was known only from a stub (name '')."""
    await session.execute(update(Award).where(Award.uscc == uscc, Award.subject_name == "").values(subject_name=name))


async def get(session: AsyncSession, award_id: uuid.UUID, *, for_update: bool = False) -> Award | None:
    query = select(Award).where(Award.id == award_id).options(selectinload(Award.funding))
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


async def recovered_fen(session: AsyncSession, award_id: uuid.UUID) -> int:
    """What has come back of the award so far (its recoveries)."""
    query = select(func.coalesce(func.sum(AwardRecovery.amount_fen), 0)).where(AwardRecovery.award_id == award_id)
    return int(await session.scalar(query))


async def recoveries_of(session: AsyncSession, award_id: uuid.UUID) -> list[AwardRecovery]:
    query = (
        select(AwardRecovery)
        .where(AwardRecovery.award_id == award_id)
        .order_by(AwardRecovery.recovered_on, AwardRecovery.created_at)
    )
    return list(await session.scalars(query))


async def holding(session: AsyncSession, key: str) -> Award | None:
    """The award holding the place `key`, if any (rejected and revoked ones do not)."""
    query = select(Award).where(Award.dedup_key == key, HOLDS_ITS_PLACE).options(selectinload(Award.funding))
    return await session.scalar(query)


async def search(
    session: AsyncSession, *, filters: dict, year: int | None, limit: int, after: tuple | None
) -> list[Award]:
    query = select(Award).options(selectinload(Award.funding))
    for column, value in filters.items():
        if value is not None:
            query = query.where(getattr(Award, column) == value)
    if year is not None:
        query = query.where(Award.reference_date.between(date(year, 1, 1), date(year, 12, 31)))
    if after is not None:
        from sqlalchemy import tuple_

        query = query.where(tuple_(Award.created_at, Award.id) > tuple_(*after))
    return list(await session.scalars(query.order_by(Award.created_at, Award.id).limit(limit)))


# The columns an award is created with, besides its status (computed) and timestamps (the server's).
_AWARD_COLUMNS = {
    "id": Uuid(),
    "dedup_key": Text(),
    "uscc": Text(),
    "park_id": Uuid(),
    "subject_name": Text(),
    "district_code": Text(),
    "rule": Text(),
    "monetary": Boolean(),
    "amount_fen": BigInteger(),
    "reference_date": Date(),
    "parameters_version": Text(),
    "explanation": Text(),
    "source_event_id": Uuid(),
    "source_recognition_id": Uuid(),
    "claim_id": Uuid(),
    "source": Text(),
}
_NEW = unnest_rows("new_award", _AWARD_COLUMNS)
_INSERT_NEW = (
    insert(Award.__table__)
    .from_select(
        [*_AWARD_COLUMNS, "status"],
        select(
            *(cast(_NEW.c[column], JSONB) if column == "explanation" else _NEW.c[column] for column in _AWARD_COLUMNS),
            literal_column("'computed'"),
        ).order_by(_NEW.c.n),
    )
    .on_conflict_do_nothing(index_elements=["dedup_key"], index_where=HOLDS_ITS_PLACE)
    .returning(Award.__table__.c.id)
)
_FUNDING = unnest_rows(
    "funding", {"award_id": Uuid(), "funder": Text(), "position": Integer(), "amount_fen": BigInteger()}
)
_INSERT_FUNDING = insert(AwardFunding.__table__).from_select(
    ["award_id", "funder", "position", "amount_fen"],
    select(_FUNDING.c.award_id, _FUNDING.c.funder, _FUNDING.c.position, _FUNDING.c.amount_fen),
)


async def open_objections(session: AsyncSession, award_id: uuid.UUID) -> int:
    query = select(func.count()).where(AwardObjection.award_id == award_id, AwardObjection.resolved_at.is_(None))
    return int(await session.scalar(query) or 0)
