from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path

from zjtx.common.dates import DateInFuture, DateTooEarly
from zjtx.common.rules import localised
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web import paging
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, UsccPath, problems
from zjtx.registry import errors
from zjtx.registry.deps import ReadContext, WriteContext
from zjtx.registry.inspection import service
from zjtx.registry.inspection.schemas import FlagRead, InspectionCreate, InspectionPublication, InspectionRead

router = Router(prefix="/v1/enterprises/{uscc}/inspections", tags=["inspections"])

ONE = (InvalidUSCC, errors.EnterpriseNotFound)


def _read(item: service.FlaggedInspection, language: str) -> InspectionRead:
    """The inspection with its flags and explanation in the caller's language (codes as they are)."""
    i = item.inspection
    return InspectionRead(
        id=i.id,
        uscc=i.uscc,
        inspection_type=i.inspection_type,
        department=i.department,
        ended_on=i.ended_on,
        published_on=i.published_on,
        special_sector=i.special_sector,
        result=i.result,
        list_entry=i.list_entry,
        flags=[FlagRead(rule=f.rule, message=f.said_in(language)) for f in item.check.flags],
        explanation=localised(item.check.explanation.as_dict(), language),
    )


@router.post(
    "",
    status_code=201,
    response_model=InspectionRead,
    summary="Record an inspection; flags per A13",
    responses=problems(*ONE, DateInFuture, DateTooEarly, errors.InvalidInspection),
)
async def record_inspection(
    uscc: UsccPath, data: InspectionCreate, ctx: WriteContext, language: ReaderLanguage
) -> InspectionRead:
    """An inspection of the enterprise, answered with its A13 flags: A13.1, more routine inspections of
    its kind in the calendar year than allowed (special sectors exempt); A13.2, results published too
    long after it ended, or not yet and that long has passed. One that ended before 2022-01-01 is
    recorded without flags, its explanation saying why."""
    return _read(await service.record_inspection(ctx, uscc=uscc, data=data), language)


@router.get(
    "",
    response_model=Page[InspectionRead],
    summary="An enterprise's inspections with their flags",
    responses=problems(*ONE, InvalidCursor),
)
async def list_inspections(
    uscc: UsccPath, ctx: ReadContext, language: ReaderLanguage, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[InspectionRead]:
    """The enterprise's inspections in the order they ended, each with its A13 flags as of today."""
    after = paging.after(cursor, paging.day, paging.instant, paging.identifier)
    items = await service.list_inspections(ctx, uscc=uscc, limit=limit, after=after)
    rows = [item.inspection for item in items]
    return Page(
        items=[_read(item, language) for item in items],
        next_cursor=paging.next_cursor(
            rows, limit, lambda i: [i.ended_on.isoformat(), i.created_at.isoformat(), str(i.id)]
        ),
    )


InspectionIdPath = Annotated[uuid.UUID, Path(description="the inspection's `id`, as its recording answered it")]


@router.post(
    "/{inspection_id}/publication",
    response_model=InspectionRead,
    summary="Give (or correct) the day an inspection's results were published; its A13.2 flag follows",
    responses=problems(*ONE, errors.InspectionNotFound, errors.InvalidInspection, DateInFuture, DateTooEarly),
)
async def record_publication(
    uscc: UsccPath,
    inspection_id: InspectionIdPath,
    data: InspectionPublication,
    ctx: WriteContext,
    language: ReaderLanguage,
) -> InspectionRead:
    """A correction (issue 12, item 2): the publication day of the results, known later or recorded wrong.
    The A13.2 check (published within 20 days of the end) is read again from it; audited with the reason.
    Before the inspection ended: 422 `inspection_invalid`; after today: `date_in_future`; another
    enterprise's inspection, or none: 404 `inspection_not_found`."""
    return _read(await service.record_publication(ctx, uscc=uscc, inspection_id=inspection_id, data=data), language)
