from __future__ import annotations

from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Limit, Router, problems
from zjtx.hotline import errors
from zjtx.hotline.categories import CATEGORIES
from zjtx.hotline.department import service
from zjtx.hotline.department.schemas import (
    DepartmentCreate,
    DepartmentRead,
    RouteRead,
    RoutingRead,
    RoutingUpdate,
)
from zjtx.hotline.deps import AdminContext, ReadCaller

router = Router(prefix="/v1", tags=["departments and routing"])


@router.post(
    "/departments",
    status_code=201,
    response_model=DepartmentRead,
    summary="Add a department",
    responses=problems(errors.DepartmentExists),
)
async def add_department(data: DepartmentCreate, ctx: AdminContext) -> DepartmentRead:
    """A department that handles tickets (A14.1), by its code; a handler client is bound to it by its
    `department` attribute. A code on record is 409 `department_exists`."""
    department = await service.add_department(ctx, code=data.code, name=data.name)
    return DepartmentRead.model_validate(department, from_attributes=True)


@router.get(
    "/departments",
    response_model=Page[DepartmentRead],
    summary="The departments, by code",
    responses=problems(InvalidCursor),
)
async def list_departments(
    caller: ReadCaller, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[DepartmentRead]:
    """The departments tickets are routed to, in the order of their codes, a page at a time: the city's
    (seeded: 工信局 GXJ, 财政局 CZJ, 市场监管局 SCJGJ, 税务局 SWJ, 政务服务局 ZWFWJ) and those added."""
    rows = await service.list_departments(caller.ctx, after=_after(decode_cursor(cursor)), limit=limit)
    return Page(
        items=[DepartmentRead.model_validate(d, from_attributes=True) for d in rows],
        next_cursor=encode_cursor([rows[-1].code]) if len(rows) == limit else None,
    )


@router.get("/routing", response_model=RoutingRead, summary="Which department each category goes to")
async def get_routing(caller: ReadCaller) -> RoutingRead:
    """The routing of the six categories, as data: a ticket goes to the department of its category when it is
    received (A14.1)."""
    return await _routing(caller.ctx, await service.routing(caller.ctx))


@router.put(
    "/routing",
    response_model=RoutingRead,
    summary="Replace the routing (every category)",
    responses=problems(errors.CategoryUnknown, errors.RoutingIncomplete, errors.DepartmentUnknown),
)
async def put_routing(data: RoutingUpdate, ctx: AdminContext) -> RoutingRead:
    """The whole routing at once: every category to a known department, or nothing changes. It applies to
    tickets received from then on; tickets already assigned stay where they are."""
    return await _routing(ctx, await service.replace_routing(ctx, routes=data.routes))


async def _routing(ctx, routes) -> RoutingRead:
    names = await service.department_names(ctx)
    return RoutingRead(
        routes=[
            RouteRead(
                category=r.category,
                category_name=CATEGORIES.get(r.category, r.category),
                department=r.department_code,
                department_name=names.get(r.department_code, ""),
            )
            for r in routes
        ]
    )


def _after(values: list | None) -> str | None:
    if values is None:
        return None
    if len(values) != 1 or not isinstance(values[0], str):
        raise InvalidCursor(
            "pass back the next_cursor of the previous page unchanged", detail_zh="请原样传回上一页的next_cursor"
        )
    return values[0]
