"""What the policy says is published: no API key needed."""

from __future__ import annotations

from fastapi import APIRouter, Request

from zjtx.awards.public import service
from zjtx.awards.public.schemas import ListedEnterpriseRead, ScaleUpListRead
from zjtx.common.clock import today
from zjtx.common.kit import TransactionalRoute
from zjtx.common.web.deps import SessionDep

router = APIRouter(prefix="/v1/public", tags=["public"], route_class=TransactionalRoute)


@router.get(
    "/scale-up-list",
    response_model=ScaleUpListRead,
    summary="A4.list: the enterprises awarded for staying above scale 3 years, by their third year (public)",
)
async def get_scale_up_list(request: Request, session: SessionDep, year: int | None = None) -> ScaleUpListRead:
    state = request.app.state
    listed_year, listed = await service.scale_up_list(
        session, year=year, parameters=state.parameters, today=today(state.clock)
    )
    return ScaleUpListRead(year=listed_year, items=[ListedEnterpriseRead(uscc=e.uscc, name=e.name) for e in listed])
