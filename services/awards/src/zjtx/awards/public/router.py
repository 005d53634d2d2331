"""What the policy says is published: no API key needed."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Annotated

from fastapi import Query, Request, Response

from zjtx.awards import exports, paging
from zjtx.awards.notice import service as notice
from zjtx.awards.notice.schemas import NoticeRead, notice_read
from zjtx.awards.public import service
from zjtx.awards.public.schemas import ListedEnterpriseRead, ScaleUpListRead
from zjtx.awards.years import YearOutOfRange
from zjtx.common.clock import today
from zjtx.common.web import exports as files
from zjtx.common.web.deps import SessionDep
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, Year

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
    summary="A4.list: the enterprises awarded for staying above scale 3 years, by their third year (public); "
    "`Accept: text/csv` or .xlsx for the file",
    responses=files.documented(exports.SCALE_UP_LIST, YearOutOfRange, example=exports.SCALE_UP_EXAMPLE, capped=False),
)
async def get_scale_up_list(request: Request, session: SessionDep, year: ListYear = None) -> ScaleUpListRead | Response:
    """The published list of A4.list: the enterprises whose A4.1 award (小升规, three consecutive years above
    scale) has `year` as its third year and is approved (approved, or approved and paid): an award still
    computed or under review is not listed, nor one rejected, revoked or found no longer held by the facts.
    Public: no key is needed. The list of a year is a few dozen names, answered whole.

    With `Accept: text/csv` (UTF-8 with a byte-order mark) or `Accept:
    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (.xlsx), the list as a file with
    Chinese headers (年度, 统一社会信用代码, 企业名称). Another `Accept` is 406 `not_acceptable`."""
    media = files.requested(request)
    state = request.app.state
    listed_year, listed = await service.scale_up_list(
        session, year=year, parameters=state.parameters, today=today(state.clock)
    )
    if media != files.JSON:
        table = exports.SCALE_UP_LIST
        rows = [SimpleNamespace(year=listed_year, uscc=e.uscc, name=e.name) for e in listed]
        return await files.export(
            request,
            table,
            media,
            rows,
            name=f"{table.name}-{listed_year}",
            title=f"{table.title}-{listed_year}年",
            capped=False,
        )
    return ScaleUpListRead(year=listed_year, items=[ListedEnterpriseRead(uscc=e.uscc, name=e.name) for e in listed])


@router.get(
    "/notices",
    response_model=Page[NoticeRead],
    summary="P.notice: the awards on public notice today (公示), names, rules and amounts (public); "
    "`Accept: text/csv` or .xlsx for the file of them all",
    responses=files.documented(exports.NOTICES, InvalidCursor, example=exports.NOTICES_EXAMPLE),
)
async def list_notices(
    request: Request, session: SessionDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[NoticeRead] | Response:
    """The awards reviewed and on public notice today (from the review day to the last notice day, both
    included), oldest first, a page at a time: the name, the rule, the amount and the notice's days only.
    Objections go to the 工信局, which records them. Public: no key is needed.

    With `Accept: text/csv` (UTF-8 with a byte-order mark) or `Accept:
    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (.xlsx), the file of every award on
    notice today (`limit` and `cursor` do not apply), with Chinese headers; more rows than EXPORT_MAX_ROWS
    (100,000) is 422 `export_too_large`. Another `Accept` is 406 `not_acceptable`."""
    media = files.requested(request)
    day = today(request.app.state.clock)
    if media != files.JSON:
        table = exports.NOTICES
        rows = files.in_batches(
            lambda after, size: notice.notices(session, today=day, limit=size, after=after),
            key=lambda award: (award.created_at, award.id),
        )
        return await files.export(request, table, media, rows, name=f"{table.name}-{day}", title=f"{table.title}-{day}")
    rows = await notice.notices(session, today=day, limit=limit, after=paging.after_created(cursor))
    next_cursor = paging.created_cursor(rows[-1]) if len(rows) == limit else None
    return Page(items=[notice_read(row) for row in rows], next_cursor=next_cursor)
