"""The LPR table this service decides with: the publications shipped with the kit, with those the
finance-subsidy service published since (one received for a shipped date replaces it)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.lpr import LprPublication, LprTable, read_publications
from zjtx.payments_watch.lpr.models import LprPublicationRow


@cache
def _shipped() -> tuple[LprPublication, ...]:
    return tuple(read_publications())


async def upsert(session: AsyncSession, values: dict) -> dict | None:
    """Record a publication as received; what it replaces, if it replaces one received before."""
    before = (
        await session.execute(
            select(LprPublicationRow.one_year, LprPublicationRow.five_year).where(
                LprPublicationRow.published_on == values["published_on"]
            )
        )
    ).first()
    statement = insert(LprPublicationRow).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["published_on"],
            set_={k: statement.excluded[k] for k in values if k != "published_on"},
        )
    )
    return None if before is None else {"one_year": str(before.one_year), "five_year": str(before.five_year)}


async def publications(session: AsyncSession) -> list[tuple[LprPublication, str]]:
    """Every publication in force here and where it comes from (`shipped` or `received`), oldest first."""
    merged = {p.published_on: (p, "shipped") for p in _shipped()}
    rows = await session.scalars(select(LprPublicationRow))
    for row in rows:
        merged[row.published_on] = (
            LprPublication(row.published_on, _percent(row.one_year), _percent(row.five_year)),
            "received",
        )
    return [merged[day] for day in sorted(merged)]


def _percent(value: Decimal) -> Decimal:
    """As published, two places (3.10), unless the figure has more."""
    two = value.quantize(Decimal("0.01"))
    return two if two == value else value.normalize()


async def lpr_table(session: AsyncSession) -> LprTable:
    return LprTable.of([publication for publication, _ in await publications(session)])
