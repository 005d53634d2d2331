"""The read models: upserts from the registry's events, and the facts the rules read."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.finance_subsidy.enterprise.models import WITHDRAWN, EnterpriseView, RecognitionView
from zjtx.finance_subsidy.rules.facts import RecognitionFact


async def upsert_enterprise(session: AsyncSession, values: dict) -> None:
    """The profile as of `facts_effective_on`, unless the one kept holds from a later day (the latest
    event for the same day wins)."""
    statement = insert(EnterpriseView).values(**values)
    updates = {k: statement.excluded[k] for k in values if k != "uscc"} | {"updated_at": func.now()}
    kept = EnterpriseView.facts_effective_on
    newer = or_(kept.is_(None), statement.excluded.facts_effective_on >= kept)
    await session.execute(statement.on_conflict_do_update(index_elements=["uscc"], set_=updates, where=newer))


async def stub_enterprise(session: AsyncSession, uscc: str, district_code: str) -> None:
    """What a recognition event tells of an enterprise not registered here yet (topics are ordered only
    within themselves): its code and district, until `registered` fills in the rest."""
    statement = insert(EnterpriseView).values(uscc=uscc, name="", district_code=district_code, registered=False)
    await session.execute(statement.on_conflict_do_nothing(index_elements=["uscc"]))


async def upsert_recognition(session: AsyncSession, values: dict) -> None:
    statement = insert(RecognitionView).values(**values)
    updates = {k: statement.excluded[k] for k in values if k != "recognition_id"} | {"updated_at": func.now()}
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["recognition_id"], set_=updates, where=RecognitionView.status != WITHDRAWN
        )
    )


async def get(session: AsyncSession, uscc: str) -> EnterpriseView | None:
    return await session.get(EnterpriseView, uscc)


async def recognitions(session: AsyncSession, uscc: str) -> list[RecognitionFact]:
    rows = await session.scalars(
        select(RecognitionView)
        .where(RecognitionView.uscc == uscc, RecognitionView.status != WITHDRAWN)
        .order_by(RecognitionView.recognized_on)
    )
    return [
        RecognitionFact(
            tier=r.tier,
            recognized_on=r.recognized_on,
            expires_on=r.expires_on,
            revoked_on=r.revoked_on,
            recognition_id=r.recognition_id,
        )
        for r in rows
    ]
