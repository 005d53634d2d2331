from __future__ import annotations

import uuid

from zjtx.awards.deps import ReadContext, WriteContext
from zjtx.awards.land_priority.schemas import LandPriorityFlag
from zjtx.awards.land_project import service
from zjtx.awards.land_project.schemas import LandProjectCreate, LandProjectRead
from zjtx.common.web.routing import Router

router = Router(prefix="/v1/enterprises/{uscc}/land-projects", tags=["land priority"])


def _read(found: service.ProjectPriority) -> LandProjectRead:
    p, flag = found.project, found.priority
    return LandProjectRead(
        id=p.id,
        uscc=p.uscc,
        project_name=p.project_name,
        cluster=p.cluster,
        dated_on=p.dated_on,
        priority=LandPriorityFlag(on=p.dated_on, eligible=flag.eligible, tiers=flag.tiers, reasons=flag.reasons),
        recorded_by=p.recorded_by,
        created_at=p.created_at,
    )


@router.post(
    "",
    status_code=201,
    response_model=LandProjectRead,
    summary="Record a land-use project (A3.land): its priority, decided on its own cluster and date",
)
async def record_project(uscc: str, data: LandProjectCreate, ctx: WriteContext) -> LandProjectRead:
    return _read(await service.record_project(ctx, uscc=uscc, data=data))


@router.get("", response_model=list[LandProjectRead], summary="An enterprise's land-use projects and their priority")
async def list_projects(uscc: str, ctx: ReadContext) -> list[LandProjectRead]:
    return [_read(found) for found in await service.list_projects(ctx, uscc=uscc)]


@router.get("/{project_id}", response_model=LandProjectRead, summary="One land-use project and its priority")
async def get_project(uscc: str, project_id: uuid.UUID, ctx: ReadContext) -> LandProjectRead:
    return _read(await service.get_project(ctx, uscc=uscc, project_id=project_id))
