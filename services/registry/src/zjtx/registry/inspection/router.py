from __future__ import annotations

from fastapi import APIRouter

from zjtx.common.kit import TransactionalRoute
from zjtx.registry.deps import ReadContext, WriteContext
from zjtx.registry.inspection import service
from zjtx.registry.inspection.schemas import FlagRead, InspectionCreate, InspectionRead

router = APIRouter(prefix="/v1/enterprises/{uscc}/inspections", tags=["inspections"], route_class=TransactionalRoute)


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
        flags=[FlagRead(rule=f.rule, message=f.message) for f in item.flags],
    )


@router.post("", status_code=201, response_model=InspectionRead, summary="Record an inspection; flags per A13")
async def record_inspection(uscc: str, data: InspectionCreate, ctx: WriteContext) -> InspectionRead:
    return _read(await service.record_inspection(ctx, uscc=uscc, data=data))


@router.get("", response_model=list[InspectionRead], summary="An enterprise's inspections with their flags")
async def list_inspections(uscc: str, ctx: ReadContext) -> list[InspectionRead]:
    return [_read(item) for item in await service.list_inspections(ctx, uscc=uscc)]
