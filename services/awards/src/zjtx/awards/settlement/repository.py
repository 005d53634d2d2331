"""What a settlement reads: the claims that stand for a decision, and the awards of the same rules."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Text, any_, select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.award.models import Award
from zjtx.awards.claim.models import Claim
from zjtx.awards.readmodel.repository import among
from zjtx.common.db import array_param

RULES = array_param("rules", Text())

REJECTED_ON_REVIEW = "rejected_on_review"


async def standing_claims(session: AsyncSession, usccs: Collection[str], rules: Collection[str]) -> list[Claim]:
    """The claims of these enterprises and rules that count: all but those whose award a reviewer rejected,
    in the order they were filed."""
    if not rules:
        return []
    return list(await session.scalars(_CLAIMS, {"usccs": list(usccs), "rules": list(rules)}))


async def awards_of(session: AsyncSession, usccs: Collection[str], rules: Collection[str]) -> list[Award]:
    """Every award of these enterprises and rules, whatever its status, locked for the settlement (a review
    or payment at the same moment waits, then this sees what it did)."""
    return list(await session.scalars(_AWARDS, {"usccs": list(usccs), "rules": list(rules)}))


# Fixed statement texts (arrays, not IN lists): compiled and prepared once.
_CLAIMS = (
    select(Claim)
    .where(among(Claim.uscc), Claim.rule == any_(RULES), Claim.status != REJECTED_ON_REVIEW)
    .order_by(Claim.seq)
    .execution_options(populate_existing=True)
)
_AWARDS = (
    select(Award)
    .where(among(Award.uscc), Award.rule == any_(RULES))
    .order_by(Award.created_at, Award.id)
    .with_for_update(of=Award)
    .execution_options(populate_existing=True)
)
