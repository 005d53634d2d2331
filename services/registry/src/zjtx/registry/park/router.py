from __future__ import annotations

import uuid

from fastapi import APIRouter

from zjtx.common.kit import TransactionalRoute
from zjtx.registry.deps import ReadContext, WriteContext
from zjtx.registry.park import service
from zjtx.registry.park.schemas import ParkCreate, ParkRead

router = APIRouter(prefix="/v1/parks", tags=["parks"], route_class=TransactionalRoute)


def _read(view: service.ParkView) -> ParkRead:
    park = view.park
    return ParkRead(
        id=park.id,
        name=park.name,
        district_code=park.district_code,
        zjtx_count=view.zjtx_count,
        threshold=view.threshold,
        qualified_on=park.qualified_on,
    )


@router.post("", status_code=201, response_model=ParkRead, summary="Register an industrial park")
async def create_park(data: ParkCreate, ctx: WriteContext) -> ParkRead:
    park = await service.create_park(ctx, data=data)
    return _read(await service.get_park(ctx, park_id=park.id))


@router.get("/{park_id}", response_model=ParkRead, summary="A park, its 专精特新 count and plaque date (A1.park)")
async def get_park(park_id: uuid.UUID, ctx: ReadContext) -> ParkRead:
    return _read(await service.get_park(ctx, park_id=park_id))
