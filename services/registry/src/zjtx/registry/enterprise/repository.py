from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import bindparam, exists, insert, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import Write, violated_constraint, write
from zjtx.registry.enterprise.models import Enterprise, EnterpriseFacts, Relocation, ScaleReport
from zjtx.registry.enterprise.records import NewEnterprise, NewFacts
from zjtx.registry.pool.models import PoolMembership
from zjtx.registry.recognition.models import Recognition


async def get_by_uscc(session: AsyncSession, uscc: str, *, for_update: bool = False) -> Enterprise | None:
    query = select(Enterprise).where(Enterprise.uscc == uscc)
    if for_update:
        # Lock the aggregate so events about it enter the outbox in commit order (per-key order).
        query = query.with_for_update()
    return await session.scalar(query)


USCC_UNIQUE = "uq_enterprises_uscc"


async def uscc_exists(session: AsyncSession, uscc: str) -> bool:
    return bool(await session.scalar(select(exists().where(Enterprise.uscc == uscc))))


async def add_new_enterprise(session: AsyncSession, enterprise: NewEnterprise, *, beside: Sequence[Write] = ()) -> bool:
    """Write a new enterprise, and `beside` it (its audit record, its event) in the same statement, and
    set the database's timestamps on it. False when the USCC is already registered: then nothing is
    written, and the transaction is spoiled (the caller raises, the entrypoint rolls back). The unique
    constraint decides, with no look-up first, so two requests at once cannot both register it.

    Past the unit of work (zjtx.common.db.write): registration is the busiest write, and this makes it
    one statement, from plain records (zjtx.registry.enterprise.records), not ORM objects: the session
    never holds them, and reads in the same transaction find the rows in the database."""
    parameters = {f"enterprise_{key}": getattr(enterprise, key) for key in _INSERTED}
    try:
        stamps = await write(session, (_INSERT, parameters), *beside)
    except IntegrityError as exc:
        if violated_constraint(exc) == USCC_UNIQUE:
            return False
        raise
    enterprise.created_at, enterprise.updated_at = stamps
    return True


_TABLE = Enterprise.__table__
_INSERTED = [attr.key for attr in inspect(Enterprise).column_attrs if attr.key not in ("created_at", "updated_at")]
_INSERT = (
    insert(_TABLE)
    .values({key: bindparam(f"enterprise_{key}", type_=_TABLE.c[key].type) for key in _INSERTED})
    .returning(_TABLE.c.created_at, _TABLE.c.updated_at)
)


_FACTS = EnterpriseFacts.__table__
_FACTS_INSERTED = [
    attr.key for attr in inspect(EnterpriseFacts).column_attrs if attr.key not in ("created_at", "updated_at")
]
_FACTS_INSERT = insert(_FACTS).values(
    {key: bindparam(f"facts_{key}", type_=_FACTS.c[key].type) for key in _FACTS_INSERTED}
)


def facts_insert(version: NewFacts) -> Write:
    """A new enterprise's first version of its facts, as a row to write beside it (one statement)."""
    return _FACTS_INSERT, {f"facts_{key}": getattr(version, key) for key in _FACTS_INSERTED}


async def versions(session: AsyncSession, uscc: str) -> list[EnterpriseFacts]:
    """Every version of an enterprise's facts, oldest first (the caller holds the enterprise's lock to change them)."""
    query = select(EnterpriseFacts).where(EnterpriseFacts.uscc == uscc).order_by(EnterpriseFacts.effective_on)
    return list(await session.scalars(query))


async def versions_page(session: AsyncSession, uscc: str, *, limit: int, after: date | None) -> list[EnterpriseFacts]:
    """A page of an enterprise's versions, oldest first, after the version of `after` (one per day)."""
    query = select(EnterpriseFacts).where(EnterpriseFacts.uscc == uscc)
    if after is not None:
        query = query.where(EnterpriseFacts.effective_on > after)
    return list(await session.scalars(query.order_by(EnterpriseFacts.effective_on).limit(limit)))


async def version_on(session: AsyncSession, uscc: str, day) -> EnterpriseFacts | None:
    """The version in force on `day`: the latest that took effect on or before it."""
    query = (
        select(EnterpriseFacts)
        .where(EnterpriseFacts.uscc == uscc, EnterpriseFacts.effective_on <= day)
        .order_by(EnterpriseFacts.effective_on.desc())
        .limit(1)
    )
    return await session.scalar(query)


async def list_enterprises(
    session: AsyncSession,
    *,
    filters: dict,
    tier: str | None,
    pool: str | None,
    park_id: uuid.UUID | None,
    on,
    limit: int,
    after: str | None,
) -> list[Enterprise]:
    """A page of enterprises in the order of their credit codes, after `after`: by their current facts
    (`filters`; the park they are in now, `park_id`), a tier held on `on`, a pool they are in now."""
    query = select(Enterprise)
    if park_id is not None:
        query = query.where(Enterprise.park_id == park_id)
    for column, value in filters.items():
        if value is not None:
            query = query.where(getattr(Enterprise, column) == value)
    if tier is not None:
        query = query.where(
            exists().where(
                Recognition.uscc == Enterprise.uscc,
                Recognition.tier == tier,
                Recognition.status == "valid",
                Recognition.recognized_on <= on,
                Recognition.expires_on > on,
            )
        )
    if pool is not None:
        query = query.where(
            exists().where(
                PoolMembership.uscc == Enterprise.uscc, PoolMembership.pool == pool, PoolMembership.left_on.is_(None)
            )
        )
    if after is not None:
        query = query.where(Enterprise.uscc > after)
    return list(await session.scalars(query.order_by(Enterprise.uscc).limit(limit)))


async def recognitions_of(session: AsyncSession, uscc: str) -> list[Recognition]:
    query = select(Recognition).where(Recognition.uscc == uscc).order_by(Recognition.recognized_on)
    return list(await session.scalars(query))


async def active_pools_of(session: AsyncSession, uscc: str) -> list[str]:
    query = select(PoolMembership.pool).where(PoolMembership.uscc == uscc, PoolMembership.left_on.is_(None))
    return sorted(await session.scalars(query))


async def scale_reports(session: AsyncSession, uscc: str, *, limit: int, after_year: int | None) -> list[ScaleReport]:
    query = select(ScaleReport).where(ScaleReport.uscc == uscc)
    if after_year is not None:
        query = query.where(ScaleReport.year > after_year)
    return list(await session.scalars(query.order_by(ScaleReport.year).limit(limit)))


async def scale_report(session: AsyncSession, uscc: str, year: int, *, for_update: bool = False) -> ScaleReport | None:
    query = select(ScaleReport).where(ScaleReport.uscc == uscc, ScaleReport.year == year)
    return await session.scalar(query.with_for_update() if for_update else query)


async def add(session: AsyncSession, row: Enterprise | EnterpriseFacts | Relocation | ScaleReport) -> None:
    session.add(row)
    await session.flush()
