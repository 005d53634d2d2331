"""Objections to awards on public notice (公示异议, P.notice): recorded and resolved by an officer."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path

from zjtx.awards import errors
from zjtx.awards.deps import AwardIdPath, ReviewContext
from zjtx.awards.notice import service
from zjtx.awards.notice.schemas import ObjectionCreate, ObjectionRead, ObjectionResolve, objection_read
from zjtx.common.web.routing import Router, problems

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
