from __future__ import annotations

from fastapi import APIRouter

from zjtx.awards.deps import ReadContext
from zjtx.awards.land_priority import service
from zjtx.awards.land_priority.schemas import LandPriorityRead
from zjtx.common.kit import TransactionalRoute

router = APIRouter(prefix="/v1/enterprises", tags=["land priority"], route_class=TransactionalRoute)


@router.get(
    "/{uscc}/land-priority",
    response_model=LandPriorityRead,
    summary="A3.land: priority in the land-supply plan today, with the reasons",
)
async def get_land_priority(uscc: str, ctx: ReadContext) -> LandPriorityRead:
    found = await service.read_land_priority(ctx, uscc=uscc)
    return LandPriorityRead(
        uscc=found.facts.uscc,
        name=found.facts.name,
        cluster=found.facts.cluster,
        on=found.on,
        eligible=found.flag.eligible,
        tiers=found.flag.tiers,
        reasons=found.flag.reasons,
    )
