from __future__ import annotations

from datetime import date

from fastapi import Response

from zjtx.common.kit import AdminContext
from zjtx.common.web.routing import Router
from zjtx.finance_subsidy.deps import ViewerDep
from zjtx.finance_subsidy.lpr import service
from zjtx.finance_subsidy.lpr.schemas import LprCreate, LprPublicationRead, LprRead

router = Router(prefix="/v1/lpr", tags=["lpr"])


@router.get("", response_model=LprRead, summary="The loan prime rate in force on a date")
async def rate_on(on: date, viewer: ViewerDep) -> LprRead:
    """The latest publication on or before `on`. Past the last publication plus the horizon (parameter
    `lpr_horizon`, 45 days) it refuses with `lpr_unknown`: never a guess."""
    return await service.rate_on(viewer.ctx, on)


@router.get("/publications", response_model=list[LprPublicationRead], summary="Every publication on record")
async def publications(viewer: ViewerDep) -> list[LprPublicationRead]:
    return await service.publications(viewer.ctx)


@router.post(
    "",
    status_code=201,
    response_model=LprPublicationRead,
    summary="Enter a new publication (admin); the decisions that read it are taken again",
)
async def enter(body: LprCreate, ctx: AdminContext, response: Response) -> LprPublicationRead:
    """201 for a new publication (published as `finance.lpr.published`); 200 for the same one again;
    409 `lpr_exists` for other rates on a date on record."""
    read, created = await service.enter_publication(ctx, body)
    if not created:
        response.status_code = 200
    return read
