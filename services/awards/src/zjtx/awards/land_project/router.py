from __future__ import annotations

from zjtx.awards import errors, paging
from zjtx.awards.deps import ProjectIdPath, ReadContext, WriteContext
from zjtx.awards.land_priority.schemas import LandPriorityFlag
from zjtx.awards.land_project import service
from zjtx.awards.land_project.schemas import LandProjectCreate, LandProjectRead
from zjtx.common.dates import DateInFuture, DateTooEarly
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, UsccPath, problems

router = Router(prefix="/v1/enterprises/{uscc}/land-projects", tags=["land priority"])


def _read(found: service.ProjectPriority, language: str) -> LandProjectRead:
    p, flag = found.project, found.priority
    return LandProjectRead(
        id=p.id,
        uscc=p.uscc,
        project_name=p.project_name,
        cluster=p.cluster,
        dated_on=p.dated_on,
        priority=LandPriorityFlag(
            on=p.dated_on, eligible=flag.eligible, tiers=flag.tiers, reasons=flag.reasons_in(language)
        ),
        recorded_by=p.recorded_by,
        created_at=p.created_at,
    )


@router.post(
    "",
    status_code=201,
    response_model=LandProjectRead,
    summary="Record a land-use project (A3.land): its priority, decided on its own cluster and date",
    responses=problems(InvalidUSCC, errors.EnterpriseNotFound, errors.UnknownCluster, DateInFuture, DateTooEarly),
)
async def record_project(
    uscc: UsccPath, data: LandProjectCreate, ctx: WriteContext, language: ReaderLanguage
) -> LandProjectRead:
    """A project of the enterprise asking for land, with its cluster and date (RULES: the cluster that
    counts is the project's): it has priority (A3.land) when the enterprise holds a national or regional
    小巨人 or single-champion recognition on that date and the project is in one of the six clusters.
    Refused: an enterprise the registry has not announced (404), an unknown cluster (`cluster_unknown`), a
    date after today."""
    return _read(await service.record_project(ctx, uscc=uscc, data=data), language)


@router.get(
    "",
    response_model=Page[LandProjectRead],
    summary="An enterprise's land-use projects and their priority",
    responses=problems(InvalidUSCC, errors.EnterpriseNotFound, InvalidCursor),
)
async def list_projects(
    uscc: UsccPath, ctx: ReadContext, language: ReaderLanguage, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[LandProjectRead]:
    """The enterprise's projects in the order of their dates, each with its priority read from the
    recognitions known now (a late one changes it); a page holds `limit` and `next_cursor` leads on."""
    found = await service.list_projects(ctx, uscc=uscc, limit=limit, after=paging.after_dated(cursor))
    last = found[-1].project if len(found) == limit else None
    next_cursor = paging.dated_cursor(last.dated_on, last) if last else None
    return Page(items=[_read(f, language) for f in found], next_cursor=next_cursor)


@router.get(
    "/{project_id}",
    response_model=LandProjectRead,
    summary="One land-use project and its priority",
    responses=problems(InvalidUSCC, errors.EnterpriseNotFound, errors.LandProjectNotFound),
)
async def get_project(
    uscc: UsccPath, project_id: ProjectIdPath, ctx: ReadContext, language: ReaderLanguage
) -> LandProjectRead:
    """The project with its priority read now (A3.land); 404 `land_project_not_found` when the enterprise has
    no project of this id."""
    return _read(await service.get_project(ctx, uscc=uscc, project_id=project_id), language)
