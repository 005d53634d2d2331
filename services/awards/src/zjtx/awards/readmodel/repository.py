"""The read models: upserts from the registry's events, and the facts the rules read."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Boolean, Date, Text, Uuid, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.readmodel.models import (
    EnterpriseSizeView,
    EnterpriseView,
    RecognitionView,
    RelocationView,
    ScaleReportView,
)
from zjtx.awards.rules.facts import EnterpriseFacts, RecognitionFact, RelocationFact, SizeFact
from zjtx.common.db import unnest_rows


async def upsert(session: AsyncSession, model, values: dict, *, keys: list[str]) -> None:
    statement = insert(model).values(**values)
    updates = {k: statement.excluded[k] for k in values if k not in keys}
    await session.execute(
        statement.on_conflict_do_update(index_elements=keys, set_=updates)
        if updates
        else statement.on_conflict_do_nothing(index_elements=keys)
    )


async def upsert_enterprise(session: AsyncSession, values: dict) -> None:
    """The enterprise's current facts, unless the view already holds a later version of them (a change
    recorded late, for an earlier date, arrives after the later ones)."""
    statement = insert(EnterpriseView).values(**values)
    current = EnterpriseView.__table__.c.effective_on
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["uscc"],
            set_={k: statement.excluded[k] for k in values if k != "uscc"} | {"updated_at": func.now()},
            where=or_(current.is_(None), current <= statement.excluded.effective_on),
        )
    )


async def upsert_size(session: AsyncSession, values: dict) -> None:
    """The size and cluster of the version that took effect on `effective_on` (the latest event wins)."""
    statement = insert(EnterpriseSizeView).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["uscc", "effective_on"],
            set_={k: statement.excluded[k] for k in ("size_class", "is_sme", "cluster")} | {"updated_at": func.now()},
        )
    )


async def add_relocation(session: AsyncSession, values: dict) -> None:
    await session.execute(insert(RelocationView).values(**values).on_conflict_do_nothing())


async def known(session: AsyncSession, usccs: list[str]) -> set[str]:
    """The enterprises the read model holds (registered, or a stub)."""
    return set(await session.scalars(select(EnterpriseView.uscc).where(EnterpriseView.uscc.in_(usccs))))


async def enterprise(session: AsyncSession, uscc: str) -> EnterpriseView | None:
    return await session.get(EnterpriseView, uscc)


async def upsert_recognitions(session: AsyncSession, rows: list[dict]) -> None:
    """Many recognitions as their events describe them, in one statement (their ids are distinct)."""
    await session.execute(
        _UPSERT_RECOGNITIONS, {f"recognitions_{column}": [row[column] for row in rows] for column in _RECOGNITION}
    )


_RECOGNITION = {
    "recognition_id": Uuid(),
    "uscc": Text(),
    "tier": Text(),
    "recognized_on": Date(),
    "expires_on": Date(),
    "renewal": Boolean(),
    "held_tier_before": Boolean(),
    "status": Text(),
    "revoked_on": Date(),
    "revoked_reason": Text(),
}
_ROWS = unnest_rows("recognitions", _RECOGNITION)
_INSERT = insert(RecognitionView.__table__).from_select(
    list(_RECOGNITION), select(*(_ROWS.c[column] for column in _RECOGNITION))
)
_UPSERT_RECOGNITIONS = _INSERT.on_conflict_do_update(
    index_elements=["recognition_id"],
    set_={column: _INSERT.excluded[column] for column in _RECOGNITION if column != "recognition_id"}
    | {"updated_at": func.now()},
)


async def enterprise_facts(session: AsyncSession, uscc: str) -> EnterpriseFacts | None:
    return (await facts_of(session, [uscc])).get(uscc)


async def facts_of(session: AsyncSession, usccs: list[str]) -> dict[str, EnterpriseFacts]:
    """What the rules know of each enterprise the read model holds, read for all of them at once (five
    queries, whatever their number)."""
    views = (await session.scalars(select(EnterpriseView).where(EnterpriseView.uscc.in_(usccs)))).all()
    if not views:
        return {}
    recognitions: dict[str, list[RecognitionFact]] = defaultdict(list)
    for r in await session.scalars(
        select(RecognitionView).where(RecognitionView.uscc.in_(usccs)).order_by(RecognitionView.recognized_on)
    ):
        recognitions[r.uscc].append(
            RecognitionFact(
                tier=r.tier,
                recognized_on=r.recognized_on,
                expires_on=r.expires_on,
                renewal=r.renewal,
                held_tier_before=r.held_tier_before,
                revoked_on=r.revoked_on,
                recognition_id=r.recognition_id,
                source=recognition_source(r.recognition_id),
                revoked_reason=r.revoked_reason,
            )
        )
    relocations: dict[str, list[RelocationFact]] = defaultdict(list)
    for r in await session.scalars(
        select(RelocationView).where(RelocationView.uscc.in_(usccs)).order_by(RelocationView.moved_in_on)
    ):
        relocations[r.uscc].append(
            RelocationFact(
                moved_in_on=r.moved_in_on,
                moved_from=r.moved_from,
                moved_from_division_code=r.moved_from_division_code,
                source=relocation_source(r.moved_in_on),
            )
        )
    scale: dict[str, dict[int, bool]] = defaultdict(dict)
    for s in await session.scalars(select(ScaleReportView).where(ScaleReportView.uscc.in_(usccs))):
        scale[s.uscc][s.year] = s.above_scale
    sizes: dict[str, list[SizeFact]] = defaultdict(list)
    for z in await session.scalars(
        select(EnterpriseSizeView)
        .where(EnterpriseSizeView.uscc.in_(usccs))
        .order_by(EnterpriseSizeView.uscc, EnterpriseSizeView.effective_on)
    ):
        sizes[z.uscc].append(SizeFact(z.effective_on, z.size_class, z.is_sme, z.cluster))
    return {
        view.uscc: EnterpriseFacts(
            uscc=view.uscc,
            district_code=view.district_code,
            cluster=view.cluster,
            is_sme=view.is_sme,
            name=view.name,
            recognitions=tuple(recognitions[view.uscc]),
            relocations=tuple(relocations[view.uscc]),
            scale_years=scale[view.uscc],
            sizes=tuple(sizes[view.uscc]),
        )
        for view in views
    }


def recognition_source(recognition_id) -> str:
    return f"recognition:{recognition_id}"


def relocation_source(moved_in_on: date) -> str:
    return f"relocation:{moved_in_on.isoformat()}"
