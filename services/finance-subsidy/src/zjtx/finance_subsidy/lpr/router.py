from __future__ import annotations

from typing import Annotated

from fastapi import Query, Response

from zjtx.common.kit import AdminContext
from zjtx.common.lpr import LprUnknown
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Day, Limit, Router, problems
from zjtx.finance_subsidy import errors, paging
from zjtx.finance_subsidy.deps import BankKeyUnbound, ViewerDep
from zjtx.finance_subsidy.lpr import service
from zjtx.finance_subsidy.lpr.schemas import LprCreate, LprPublicationRead, LprRead

router = Router(prefix="/v1/lpr", tags=["lpr"])

On = Annotated[Day, Query(description="the day whose rate is asked, YYYY-MM-DD (1949-10-01 to 2099-12-31)")]


@router.get(
    "",
    response_model=LprRead,
    summary="The loan prime rate in force on a date",
    responses=problems(LprUnknown, BankKeyUnbound),
)
async def rate_on(on: On, viewer: ViewerDep) -> LprRead:
    """The latest publication on or before `on` (A5.1 reads the 1-year rate of the disbursement date, A5.2
    adds 100 bp to it). Past the last publication plus the horizon (parameter `lpr_horizon`, 45 days), or
    before the first, it refuses with `lpr_unknown`: never a guess."""
    return await service.rate_on(viewer.ctx, on)


@router.get(
    "/publications",
    response_model=Page[LprPublicationRead],
    summary="Every publication on record, oldest first",
    responses=problems(InvalidCursor, BankKeyUnbound),
)
async def publications(
    viewer: ViewerDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[LprPublicationRead]:
    """The publications shipped with the platform (`facts`, from the reform of 2019-08-20) and those entered
    since (`entered`), by date, a page at a time."""
    rows = await service.publications(viewer.ctx, after=paging.after_date(cursor), limit=limit)
    return Page(items=rows, next_cursor=paging.next_code_cursor(rows, limit, "published_on"))


@router.post(
    "",
    status_code=201,
    response_model=LprPublicationRead,
    summary="Enter a new publication (admin); the decisions that read it are taken again",
    responses={
        200: {"model": LprPublicationRead, "description": "the same publication again: nothing changed"},
        **problems(errors.LprExists, errors.LprInvalid),
    },
)
async def enter(body: LprCreate, ctx: AdminContext, response: Response) -> LprPublicationRead:
    """201 for a new publication (published as `finance.lpr.published`; the A5.1 subsidies and A5.2 checks of
    loans disbursed on or after it are decided again); 200 for the same one again; 409 `lpr_exists` for other
    rates on a date on record (a publication is never changed); 422 `lpr_invalid` for a date in the future
    or before 2019-08-20, or a rate not in steps of 0.05."""
    read, created = await service.enter_publication(ctx, body)
    if not created:
        response.status_code = 200
    return read
