from __future__ import annotations

from fastapi import APIRouter

from zjtx.common.kit import TransactionalRoute
from zjtx.registry.deps import ReadContext, WriteContext
from zjtx.registry.service_record import service
from zjtx.registry.service_record.schemas import ServiceRecordCreate, ServiceRecordRead

router = APIRouter(
    prefix="/v1/enterprises/{uscc}/service-records", tags=["service records"], route_class=TransactionalRoute
)


@router.post("", status_code=201, response_model=ServiceRecordRead, summary="Record a service given (A7, A8, A11, A12)")
async def record_service(uscc: str, data: ServiceRecordCreate, ctx: WriteContext) -> ServiceRecordRead:
    return ServiceRecordRead.model_validate(
        await service.record_service(ctx, uscc=uscc, data=data), from_attributes=True
    )


@router.get("", response_model=list[ServiceRecordRead], summary="Services an enterprise received")
async def list_service_records(uscc: str, ctx: ReadContext) -> list[ServiceRecordRead]:
    return [
        ServiceRecordRead.model_validate(r, from_attributes=True)
        for r in await service.list_service_records(ctx, uscc=uscc)
    ]
