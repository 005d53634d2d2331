from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from zjtx.common.kit import TransactionalRoute
from zjtx.common.web.paging import Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.registry.deps import ReadContext, WriteContext
from zjtx.registry.enterprise import repository, service
from zjtx.registry.enterprise.schemas import (
    EnterpriseCreate,
    EnterpriseRead,
    EnterpriseUpdate,
    RelocationCreate,
    RelocationRead,
    ScaleReportCreate,
    ScaleReportRead,
)
from zjtx.registry.enterprise.views import enterprise_view, enterprise_views, new_enterprise_view
from zjtx.registry.recognition.schemas import Tier

router = APIRouter(prefix="/v1/enterprises", tags=["enterprises"], route_class=TransactionalRoute)


@router.post("", status_code=201, response_model=EnterpriseRead, summary="Register an enterprise")
async def register_enterprise(data: EnterpriseCreate, ctx: WriteContext) -> EnterpriseRead:
    return new_enterprise_view(ctx, await service.register_enterprise(ctx, data=data))


@router.get("", response_model=Page[EnterpriseRead], summary="Enterprises, filtered, by credit code")
async def list_enterprises(
    ctx: ReadContext,
    district_code: str | None = None,
    sector: str | None = None,
    cluster: str | None = None,
    size_class: Literal["large", "medium", "small", "micro"] | None = None,
    tier: Annotated[Tier | None, Query(description="holds a valid recognition of this tier today")] = None,
    pool: Annotated[str | None, Query(description="is in this cultivation pool now")] = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[EnterpriseRead]:
    limit = clamp_limit(limit)
    after = decode_cursor(cursor)
    rows = await repository.list_enterprises(
        ctx.session,
        filters={"district_code": district_code, "sector": sector, "cluster": cluster, "size_class": size_class},
        tier=tier,
        pool=pool,
        on=ctx.today(),
        limit=limit,
        after=str(after[0]) if after else None,
    )
    next_cursor = encode_cursor([rows[-1].uscc]) if len(rows) == limit else None
    return Page(items=await enterprise_views(ctx, rows), next_cursor=next_cursor)


@router.get("/{uscc}", response_model=EnterpriseRead, summary="One enterprise")
async def get_enterprise(uscc: str, ctx: ReadContext) -> EnterpriseRead:
    return await enterprise_view(ctx, await service.get_enterprise(ctx, uscc))


@router.patch("/{uscc}", response_model=EnterpriseRead, summary="Change an enterprise's facts")
async def update_enterprise(uscc: str, data: EnterpriseUpdate, ctx: WriteContext) -> EnterpriseRead:
    return await enterprise_view(ctx, await service.update_enterprise(ctx, uscc=uscc, data=data))


@router.post(
    "/{uscc}/relocations",
    status_code=201,
    response_model=RelocationRead,
    summary="The registration moved into Hohhot (A1.3)",
)
async def relocate_in(uscc: str, data: RelocationCreate, ctx: WriteContext) -> RelocationRead:
    relocation = await service.relocate_in(ctx, uscc=uscc, data=data)
    return RelocationRead.model_validate(relocation, from_attributes=True)


@router.post(
    "/{uscc}/scale-reports",
    status_code=201,
    response_model=ScaleReportRead,
    summary="A year's main-business revenue (A4)",
)
async def report_scale(uscc: str, data: ScaleReportCreate, ctx: WriteContext) -> ScaleReportRead:
    report = await service.report_scale(ctx, uscc=uscc, data=data)
    return ScaleReportRead(
        uscc=report.uscc,
        year=report.year,
        main_business_revenue=report.main_business_revenue_fen,
        threshold=report.threshold_fen,
        above_scale=report.above_scale,
    )
