from __future__ import annotations

from zjtx.common.web.routing import Router
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


@router.post("/departments", status_code=201, response_model=DepartmentRead, summary="Add a department")
async def add_department(data: DepartmentCreate, ctx: AdminContext) -> DepartmentRead:
    department = await service.add_department(ctx, code=data.code, name=data.name)
    return DepartmentRead.model_validate(department, from_attributes=True)


@router.get("/departments", response_model=list[DepartmentRead], summary="The departments, by code")
async def list_departments(caller: ReadCaller) -> list[DepartmentRead]:
    return [DepartmentRead.model_validate(d, from_attributes=True) for d in await service.list_departments(caller.ctx)]


@router.get("/routing", response_model=RoutingRead, summary="Which department each category goes to")
async def get_routing(caller: ReadCaller) -> RoutingRead:
    return await _routing(caller.ctx, await service.routing(caller.ctx))


@router.put("/routing", response_model=RoutingRead, summary="Replace the routing (every category)")
async def put_routing(data: RoutingUpdate, ctx: AdminContext) -> RoutingRead:
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
