"""What the policy says is published: no API key needed."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from zjtx.awards.public import service
from zjtx.awards.public.schemas import ListedEnterpriseRead, ScaleUpListRead
from zjtx.awards.years import YearOutOfRange
from zjtx.common.clock import today
from zjtx.common.web.deps import SessionDep
from zjtx.common.web.routing import Router, Year, problems

router = Router(prefix="/v1/public", tags=["public"])

ListYear = Annotated[
    Year | None,
    Query(
        description="the third consecutive above-scale year, from the policy's first year (2022) to this year "
        "(`year_out_of_range` otherwise); this year if not given"
    ),
]


@router.get(
    "/scale-up-list",
    response_model=ScaleUpListRead,
    summary="A4.list: the enterprises awarded for staying above scale 3 years, by their third year (public)",
    responses=problems(YearOutOfRange),
)
async def get_scale_up_list(request: Request, session: SessionDep, year: ListYear = None) -> ScaleUpListRead:
    """The published list of A4.list: the enterprises whose A4.1 award (小升规, three consecutive years above
    scale) has `year` as its third year and is approved (approved, or approved and paid): an award still
    computed or under review is not listed, nor one rejected, revoked or found no longer held by the facts.
    Public: no key is needed. The list of a year is a few dozen names, answered whole."""
    state = request.app.state
    listed_year, listed = await service.scale_up_list(
        session, year=year, parameters=state.parameters, today=today(state.clock)
    )
    return ScaleUpListRead(year=listed_year, items=[ListedEnterpriseRead(uscc=e.uscc, name=e.name) for e in listed])
