"""The rates' sums (kpi.models): deltas appended by every change, folded into daily rows by the
compaction job, summed over a window; and a rebuild from the tickets themselves, which must give the
same sums (a test keeps the two equal)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, Text, func, insert, select, text, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import Write, unnest_rows
from zjtx.hotline.kpi.counts import Counts, Key
from zjtx.hotline.kpi.models import KpiDaily, KpiDelta

COUNTS = ("received", "responded", "replied", "resolved", "satisfied", "basically_satisfied", "unsatisfied")
# The compaction and the rebuild rewrite the daily rows: one at a time per database.
KPI_LOCK_KEY = 0x7A6B7069  # "zkpi"

_DELTA_COLUMNS = {"day": Date(), "department": Text()} | {c: Integer() for c in COUNTS}
_DELTA_ROWS = unnest_rows("kpi_rows", _DELTA_COLUMNS)
_INSERT_DELTAS = insert(KpiDelta.__table__).from_select(
    list(_DELTA_COLUMNS), select(*(_DELTA_ROWS.c[c] for c in _DELTA_COLUMNS)).order_by(_DELTA_ROWS.c.n)
)


def delta_rows(changes: dict[Key, Counts]) -> Write:
    """What changes of tickets do to the sums, as one row to write (zjtx.common.db.write)."""
    keys = list(changes)
    values = {"kpi_rows_day": [day for day, _ in keys], "kpi_rows_department": [dept for _, dept in keys]}
    for column in COUNTS:
        values[f"kpi_rows_{column}"] = [getattr(changes[key], column) for key in keys]
    return _INSERT_DELTAS, values


async def sums(session: AsyncSession, *, start: date, end: date) -> dict[str, Counts]:
    """Per department, the counts of the tickets received from `start` to `end` (both included)."""
    parts = [
        select(model.department, *(getattr(model, c).label(c) for c in COUNTS)).where(model.day.between(start, end))
        for model in (KpiDaily, KpiDelta)
    ]
    both = union_all(*parts).subquery()
    query = select(both.c.department, *(func.sum(both.c[c]) for c in COUNTS)).group_by(both.c.department)
    return {row[0]: Counts(*(int(v or 0) for v in row[1:])) for row in (await session.execute(query)).all()}


async def compact(session: AsyncSession) -> int:
    """Fold the committed deltas into the daily rows, in one statement; how many deltas were folded."""
    await session.execute(select(func.pg_advisory_xact_lock(KPI_LOCK_KEY)))
    folded = await session.execute(_COMPACT)
    return int(folded.scalar() or 0)


_COMPACT = text(
    f"""
    WITH moved AS (DELETE FROM kpi_delta RETURNING *),
    summed AS (
        SELECT day, department, {", ".join(f"sum({c}) AS {c}" for c in COUNTS)}, count(*) AS n
        FROM moved GROUP BY day, department
    ),
    upserted AS (
        INSERT INTO kpi_daily (day, department, {", ".join(COUNTS)})
        SELECT day, department, {", ".join(COUNTS)} FROM summed
        ON CONFLICT (day, department) DO UPDATE SET
            {", ".join(f"{c} = kpi_daily.{c} + excluded.{c}" for c in COUNTS)}
    )
    SELECT coalesce(sum(n), 0) FROM summed
    """
)


async def rebuild(session: AsyncSession) -> int:
    """The sums recomputed from the tickets (the definition of kpi.rules.contribution, in SQL): every
    delta and daily row replaced. Writes to tickets wait meanwhile (SHARE lock): every delta comes with
    a change of its ticket, so each is either deleted here and counted from its ticket, or written after
    the rebuild on top of it, never both. Returns the tickets counted."""
    await session.execute(select(func.pg_advisory_xact_lock(KPI_LOCK_KEY)))
    await session.execute(text("LOCK TABLE ticket IN SHARE MODE"))
    await session.execute(text("DELETE FROM kpi_delta"))
    await session.execute(text("DELETE FROM kpi_daily"))
    await session.execute(_REBUILD)
    return int(await session.scalar(select(func.coalesce(func.sum(KpiDaily.received), 0))) or 0)


_REBUILD = text(
    f"""
    INSERT INTO kpi_daily (day, department, {", ".join(COUNTS)})
    SELECT received_on, coalesce(replied_department, department, ''),
        count(*),
        count(*) FILTER (WHERE first_acknowledged_at <= response_due_at),
        count(*) FILTER (WHERE last_replied_at IS NOT NULL),
        count(*) FILTER (WHERE last_replied_at IS NOT NULL AND last_reply_resolved),
        count(*) FILTER (WHERE last_rating = 'satisfied'),
        count(*) FILTER (WHERE last_rating = 'basically_satisfied'),
        count(*) FILTER (WHERE last_rating = 'unsatisfied')
    FROM ticket
    WHERE status NOT IN ('merged', 'withdrawn')
    GROUP BY 1, 2
    """
)
