from __future__ import annotations

from zjtx.awards import errors
from zjtx.awards.deps import ReadContext
from zjtx.awards.land_priority import service
from zjtx.awards.land_priority.schemas import LandPriorityRead
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.routing import Router, UsccPath, problems

router = Router(prefix="/v1/enterprises", tags=["land priority"])


@router.get(
    "/{uscc}/land-priority",
    response_model=LandPriorityRead,
    summary="A3.land: whether the enterprise holds a tier that gives its six-cluster projects priority today "
    "(the decision itself is per project: …/land-projects)",
    responses=problems(InvalidUSCC, errors.EnterpriseNotFound),
)
async def get_land_priority(uscc: UsccPath, ctx: ReadContext, language: ReaderLanguage) -> LandPriorityRead:
    """A3.land read today: a valid national or regional 小巨人 or single-champion recognition gives the
    enterprise's projects in the six clusters priority in the land-supply plan (a flag, no money). 404
    `enterprise_not_found` for an enterprise the registry has not announced."""
    found = await service.read_land_priority(ctx, uscc=uscc)
    return LandPriorityRead(
        uscc=found.facts.uscc,
        name=found.facts.name,
        cluster=found.facts.cluster,
        on=found.on,
        eligible=found.flag.eligible,
        tiers=found.flag.tiers,
        reasons=found.flag.reasons_in(language),
    )
