"""What a settlement reads: the claims that stand for a decision, and the awards of the same rules."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from zjtx.awards.award.models import Award
from zjtx.awards.claim.models import Claim

REJECTED_ON_REVIEW = "rejected_on_review"


async def standing_claims(session: AsyncSession, usccs: Collection[str], rules: Collection[str]) -> list[Claim]:
    """The claims of these enterprises and rules that count: all but those whose award a reviewer rejected,
    in the order they were filed."""
    if not rules:
        return []
    query = (
        select(Claim)
        .where(Claim.uscc.in_(list(usccs)), Claim.rule.in_(list(rules)), Claim.status != REJECTED_ON_REVIEW)
        .order_by(Claim.seq)
        .execution_options(populate_existing=True)
    )
    return list(await session.scalars(query))


async def awards_of(session: AsyncSession, usccs: Collection[str], rules: Collection[str]) -> list[Award]:
    """Every award of these enterprises and rules, whatever its status, locked for the settlement (a review
    or payment at the same moment waits, then this sees what it did)."""
    query = (
        select(Award)
        .where(Award.uscc.in_(list(usccs)), Award.rule.in_(list(rules)))
        .options(selectinload(Award.funding))
        .order_by(Award.created_at, Award.id)
        .with_for_update(of=Award)
        .execution_options(populate_existing=True)
    )
    return list(await session.scalars(query))
