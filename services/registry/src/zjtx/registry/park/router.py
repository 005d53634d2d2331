from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Query

from zjtx.common.reference import describe_codes, load_reference
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Limit, Router, problems
from zjtx.registry import errors
from zjtx.registry.deps import ReadContext, WriteContext
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


@router.post("", status_code=201, response_model=ParkRead, summary="Register an industrial park")
async def create_park(data: ParkCreate, ctx: WriteContext) -> ParkRead:
    park = await service.create_park(ctx, data=data)
    return _read(await service.get_park(ctx, park_id=park.id))


DistrictFilter = Annotated[
    str | None,
    Query(
        max_length=10,
        pattern=r"^[0-9A-Z-]+$",
        description=f"only parks of this district or zone: {describe_codes(load_reference().divisions)}",
    ),
]
QualifiedFilter = Annotated[
    bool | None,
    Query(description="true: only parks awarded the 专精特新园区 plaque (A1.park); false: only those not yet"),
]
ParkIdPath = Annotated[uuid.UUID, Path(description="the park's `id`")]


@router.get(
    "",
    response_model=Page[ParkRead],
    summary="Parks, by name, with their 专精特新 count and plaque date (A1.park)",
    responses=problems(InvalidCursor),
)
async def list_parks(
    ctx: ReadContext,
    district_code: DistrictFilter = None,
    qualified: QualifiedFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ParkRead]:
    """Every industrial park registered, in the order of their names, each with the number of its tenants
    holding a valid 专精特新 recognition today, the A1.park threshold and the day it qualified."""
    views = await service.list_parks(
        ctx, district_code=district_code, qualified=qualified, limit=limit, after=_after(cursor)
    )
    next_cursor = encode_cursor([views[-1].park.name, str(views[-1].park.id)]) if len(views) == limit else None
    return Page(items=[_read(v) for v in views], next_cursor=next_cursor)


@router.get(
    "/{park_id}",
    response_model=ParkRead,
    summary="A park, its 专精特新 count and plaque date (A1.park)",
    responses=problems(errors.ParkNotFound),
)
async def get_park(park_id: ParkIdPath, ctx: ReadContext) -> ParkRead:
    """The park with the number of its tenants holding a valid 专精特新 recognition today, the A1.park
    threshold and the day it qualified (null: not yet)."""
    return _read(await service.get_park(ctx, park_id=park_id))


def _after(cursor: str | None) -> tuple[str, uuid.UUID] | None:
    values = decode_cursor(cursor)
    if values is None:
        return None
    try:
        if not isinstance(values[0], str) or "\x00" in values[0]:
            raise ValueError("not a name")
        return values[0], uuid.UUID(values[1])
    except (ValueError, IndexError, TypeError, AttributeError):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged") from None
