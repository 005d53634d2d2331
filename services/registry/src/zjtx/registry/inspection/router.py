from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path

from zjtx.common.dates import DateInFuture
from zjtx.common.uscc import USCC_DESCRIPTION, InvalidUSCC
from zjtx.common.web.routing import Router, problems
from zjtx.registry import errors
from zjtx.registry.deps import ReadContext, WriteContext
from zjtx.registry.inspection import service
from zjtx.registry.inspection.schemas import FlagRead, InspectionCreate, InspectionPublication, InspectionRead

router = Router(prefix="/v1/enterprises/{uscc}/inspections", tags=["inspections"])


def _read(item: service.FlaggedInspection) -> InspectionRead:
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
        flags=[FlagRead(rule=f.rule, message=f.message) for f in item.check.flags],
        explanation=item.check.explanation.as_dict(),
    )


@router.post("", status_code=201, response_model=InspectionRead, summary="Record an inspection; flags per A13")
async def record_inspection(uscc: str, data: InspectionCreate, ctx: WriteContext) -> InspectionRead:
    return _read(await service.record_inspection(ctx, uscc=uscc, data=data))


@router.get("", response_model=list[InspectionRead], summary="An enterprise's inspections with their flags")
async def list_inspections(uscc: str, ctx: ReadContext) -> list[InspectionRead]:
    return [_read(item) for item in await service.list_inspections(ctx, uscc=uscc)]


@router.post(
    "/{inspection_id}/publication",
    response_model=InspectionRead,
    summary="Give (or correct) the day an inspection's results were published; its A13.2 flag follows",
    responses=problems(
        InvalidUSCC, errors.EnterpriseNotFound, errors.InspectionNotFound, errors.InvalidInspection, DateInFuture
    ),
)
async def record_publication(
    uscc: Annotated[str, Path(max_length=40, description=f"the enterprise's {USCC_DESCRIPTION}")],
    inspection_id: Annotated[uuid.UUID, Path(description="the inspection's `id`")],
    data: InspectionPublication,
    ctx: WriteContext,
) -> InspectionRead:
    """A correction (issue 12, item 2): the publication day of the results, known later or recorded wrong.
    The A13.2 check (published within 20 days of the end) is read again from it; audited with the reason."""
    return _read(await service.record_publication(ctx, uscc=uscc, inspection_id=inspection_id, data=data))
