"""The read models: upserts from the registry's events, and the facts the rules read."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.readmodel.models import EnterpriseView, RecognitionView, RelocationView, ScaleReportView
from zjtx.awards.rules.facts import EnterpriseFacts, RecognitionFact, RelocationFact


async def upsert(session: AsyncSession, model, values: dict, *, keys: list[str]) -> None:
    statement = insert(model).values(**values)
    updates = {k: statement.excluded[k] for k in values if k not in keys}
    await session.execute(
        statement.on_conflict_do_update(index_elements=keys, set_=updates)
        if updates
        else statement.on_conflict_do_nothing(index_elements=keys)
    )


async def add_relocation(session: AsyncSession, values: dict) -> None:
    await session.execute(insert(RelocationView).values(**values).on_conflict_do_nothing())


async def enterprise(session: AsyncSession, uscc: str) -> EnterpriseView | None:
    return await session.get(EnterpriseView, uscc)


async def enterprise_facts(session: AsyncSession, uscc: str) -> EnterpriseFacts | None:
    view = await session.get(EnterpriseView, uscc)
    if view is None:
        return None
    recognitions = await session.scalars(
        select(RecognitionView).where(RecognitionView.uscc == uscc).order_by(RecognitionView.recognized_on)
    )
    relocations = await session.scalars(
        select(RelocationView).where(RelocationView.uscc == uscc).order_by(RelocationView.moved_in_on)
    )
    scale = await session.scalars(select(ScaleReportView).where(ScaleReportView.uscc == uscc))
    return EnterpriseFacts(
        uscc=view.uscc,
        district_code=view.district_code,
        cluster=view.cluster,
        is_sme=view.is_sme,
        name=view.name,
        recognitions=tuple(
            RecognitionFact(
                tier=r.tier,
                recognized_on=r.recognized_on,
                expires_on=r.expires_on,
                renewal=r.renewal,
                held_tier_before=r.held_tier_before,
                revoked_on=r.revoked_on,
                recognition_id=r.recognition_id,
            )
            for r in recognitions
        ),
        relocations=tuple(RelocationFact(moved_in_on=r.moved_in_on, moved_from=r.moved_from) for r in relocations),
        scale_years={s.year: s.above_scale for s in scale},
    )
