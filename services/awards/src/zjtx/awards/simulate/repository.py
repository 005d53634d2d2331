"""What the calculator reads of what the service knows: the enterprises in batches, their stored claims
as the decision procedure reads them, and their land-use projects. It writes nothing."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.land_project.models import LandProject
from zjtx.awards.readmodel.models import EnterpriseView
from zjtx.awards.rules.procedure import ClaimFact
from zjtx.awards.settlement import repository as settlement
from zjtx.awards.settlement.service import CLAIM_RULES, claim_fact


async def usccs_after(session: AsyncSession, after: str | None, *, limit: int) -> list[str]:
    """The next `limit` credit codes the read model holds, in code order, after `after` (keyset paging)."""
    query = select(EnterpriseView.uscc).order_by(EnterpriseView.uscc).limit(limit)
    if after is not None:
        query = query.where(EnterpriseView.uscc > after)
    return list(await session.scalars(query))


async def claims_of(session: AsyncSession, usccs: Collection[str]) -> dict[str, list[ClaimFact]]:
    """The claims that count for these enterprises (as the live settlement reads them), by enterprise; a
    claim whose evidence cannot be read any more brings nothing live, and is left out."""
    out: dict[str, list[ClaimFact]] = {uscc: [] for uscc in usccs}
    for claim in await settlement.standing_claims(session, usccs, CLAIM_RULES):
        fact = claim_fact(claim)
        if fact is not None:
            out[claim.uscc].append(fact)
    return out


async def land_projects_of(session: AsyncSession, uscc: str) -> list[LandProject]:
    query = select(LandProject).where(LandProject.uscc == uscc).order_by(LandProject.dated_on, LandProject.created_at)
    return list(await session.scalars(query))
