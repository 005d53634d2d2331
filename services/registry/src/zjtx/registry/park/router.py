from __future__ import annotations

from typing import Annotated

from fastapi import Query

from zjtx.common.web import paging
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, problems
from zjtx.registry import errors
from zjtx.registry.deps import DistrictCodes, ParkIdPath, ReadContext, WriteContext
from zjtx.registry.fields import DISTRICTS_SAID
from zjtx.registry.park import service
from zjtx.registry.park.schemas import ParkCreate, ParkRead

router = Router(prefix="/v1/parks", tags=["parks"])


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


@router.post(
    "",
    status_code=201,
    response_model=ParkRead,
    summary="Register an industrial park",
    responses=problems(errors.UnknownDistrict, errors.ParkNameTaken),
)
async def create_park(data: ParkCreate, ctx: WriteContext) -> ParkRead:
    """An industrial park of a district or zone, under a name no other park has; enterprises name it by its
    `id` (`park_id`), and it earns the A1.park plaque when enough of them hold a 专精特新 recognition."""
    park = await service.create_park(ctx, data=data)
    return _read(await service.get_park(ctx, park_id=park.id))


ParkDistrictFilter = Annotated[
    DistrictCodes | None, Query(description=f"only parks of this 旗县区 or zone: {DISTRICTS_SAID}")
]
QualifiedFilter = Annotated[
    bool | None,
    Query(description="true: only parks awarded the 专精特新园区 plaque (A1.park); false: only those not yet"),
]


@router.get(
    "",
    response_model=Page[ParkRead],
    summary="Parks, by name, with their 专精特新 count and plaque date (A1.park)",
    responses=problems(InvalidCursor),
)
async def list_parks(
    ctx: ReadContext,
    district_code: ParkDistrictFilter = None,
    qualified: QualifiedFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ParkRead]:
    """Every industrial park registered, in the order of their names, each with the number of its tenants
    holding a valid 专精特新 recognition today, the A1.park threshold and the day it qualified."""
    after = paging.after(cursor, paging.text, paging.identifier)
    views = await service.list_parks(ctx, district_code=district_code, qualified=qualified, limit=limit, after=after)
    return Page(
        items=[_read(v) for v in views],
        next_cursor=paging.next_cursor(views, limit, lambda view: (view.park.name, view.park.id)),
    )


@router.get(
    "/{park_id}",
    response_model=ParkRead,
    summary="A park, its 专精特新 count and plaque date (A1.park)",
    responses=problems(errors.ParkNotFound),
)
async def get_park(park_id: ParkIdPath, ctx: ReadContext) -> ParkRead:
    """The park with the number of its tenants holding a valid 专精特新 recognition of any level today, the
    count that earns the plaque, and the day it reached it (A1.park: the first day, not before the policy,
    on which enough tenants held one)."""
    return _read(await service.get_park(ctx, park_id=park_id))
