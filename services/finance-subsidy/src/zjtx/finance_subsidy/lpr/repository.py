"""The LPR table: the publications shipped with the platform (the facts' lpr.csv) and those entered since."""

from __future__ import annotations

from datetime import date
from functools import cache

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.lpr import LprPublication, LprTable, read_publications
from zjtx.finance_subsidy.lpr.models import LprEntry


@cache
def shipped() -> dict[date, LprPublication]:
    return {p.published_on: p for p in read_publications()}


async def entered(session: AsyncSession) -> list[LprEntry]:
    return list(await session.scalars(select(LprEntry).order_by(LprEntry.published_on)))


async def lpr_table(session: AsyncSession) -> LprTable:
    """Every publication on record: the shipped ones, and those entered through the API."""
    return table_with([LprPublication(e.published_on, e.one_year, e.five_year) for e in await entered(session)])


def table_with(entered: list[LprPublication]) -> LprTable:
    """The shipped publications and those entered (a date shipped is the facts')."""
    if not entered:
        return _shipped_table()
    publications = dict(shipped())
    for publication in entered:
        publications.setdefault(publication.published_on, publication)
    return LprTable.of(list(publications.values()))


@cache
def _shipped_table() -> LprTable:
    return LprTable.of(list(shipped().values()))


async def get_entered(session: AsyncSession, published_on: date) -> LprEntry | None:
    return await session.get(LprEntry, published_on)
