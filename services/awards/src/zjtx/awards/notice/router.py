"""Objections to awards on public notice (公示异议, P.notice): recorded and resolved by an officer."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path

from zjtx.awards import errors, paging
from zjtx.awards.deps import AwardIdPath, ReadContext, ReviewContext
from zjtx.awards.notice import service
from zjtx.awards.notice.schemas import ObjectionCreate, ObjectionRead, ObjectionResolve, objection_read
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, problems

router = Router(prefix="/v1/awards", tags=["awards"])

ObjectionIdPath = Annotated[uuid.UUID, Path(description="the objection's `id`, one of this award's")]


@router.post(
    "/{award_id}/objections",
    response_model=ObjectionRead,
    status_code=201,
    summary="Record an objection raised against an award on public notice (公示异议)",
    responses=problems(errors.AwardNotFound, errors.NotInNotice),
)
async def raise_objection(award_id: AwardIdPath, body: ObjectionCreate, ctx: ReviewContext) -> ObjectionRead:
    """An officer (`awards:review`) records who objected and why, against an award on notice (reviewed, with
    a notice period; else 409 `not_in_notice`). While it is open the award cannot be approved (409
    `objection_open`). Audited."""
    row = await service.raise_objection(ctx, award_id=award_id, raised_by=body.raised_by, reason=body.reason)
    return objection_read(row)


@router.post(
    "/{award_id}/objections/{objection_id}/resolve",
    response_model=ObjectionRead,
    summary="Resolve an open objection, saying how",
    responses=problems(errors.AwardNotFound, errors.ObjectionNotFound, errors.ObjectionResolved),
)
async def resolve_objection(
    award_id: AwardIdPath, objection_id: ObjectionIdPath, body: ObjectionResolve, ctx: ReviewContext
) -> ObjectionRead:
    """Closes the objection with its resolution, who resolved it and when (409 `objection_resolved` if it is
    closed already; 404 `objection_not_found` for none of this award's). If the objection stands, reject the
    award (`POST …/reject`). Audited."""
    row = await service.resolve_objection(ctx, award_id=award_id, objection_id=objection_id, resolution=body.resolution)
    return objection_read(row)


@router.get(
    "/{award_id}/objections",
    response_model=Page[ObjectionRead],
    summary="The objections raised against an award, open and resolved, in the order recorded",
    responses=problems(errors.AwardNotFound, InvalidCursor),
)
async def list_objections(
    award_id: AwardIdPath, ctx: ReadContext, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[ObjectionRead]:
    """Who objected and why, and for a resolved one who resolved it, when and how (`resolved_at` null: open,
    holding the approval); a page of `limit`, `next_cursor` leads to the next."""
    rows = await service.objections_of(ctx, award_id=award_id, limit=limit, after=paging.after_created(cursor))
    next_cursor = paging.created_cursor(rows[-1]) if len(rows) == limit else None
    return Page(items=[objection_read(row) for row in rows], next_cursor=next_cursor)
