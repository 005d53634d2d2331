from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Path, Query

from zjtx.common.uscc import USCC_DESCRIPTION, InvalidUSCC
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Limit, Router, problems
from zjtx.registry import errors
from zjtx.registry.deps import ReadContext, WriteContext
from zjtx.registry.enterprise import repository, service
from zjtx.registry.enterprise.schemas import (
    EnterpriseCreate,
    EnterpriseRead,
    EnterpriseUpdate,
    FactsVersionRead,
    RelocationCreate,
    RelocationRead,
    ScaleReportCorrection,
    ScaleReportCreate,
    ScaleReportRead,
)
from zjtx.registry.enterprise.views import enterprise_view, enterprise_view_as_of, enterprise_views, new_enterprise_view
from zjtx.registry.recognition.schemas import Tier

router = Router(prefix="/v1/enterprises", tags=["enterprises"])


@router.post(
    "",
    status_code=201,
    response_model=EnterpriseRead,
    summary="Register an enterprise",
    responses={
        409: {"description": "`enterprise_exists`"},
        422: {
            "description": "`validation_failed` (an unknown sector lists the valid codes), `uscc_invalid`, "
            "`district_unknown`, `cluster_unknown`, `park_unknown`, `total_assets_required`, "
            "`date_in_future`, `date_too_early` (registered_on)"
        },
    },
)
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


@router.get(
    "/{uscc}",
    response_model=EnterpriseRead,
    summary="One enterprise; with ?as_of= its facts and size class on that date",
    responses={404: {"description": "`enterprise_not_found`, or `before_registration` for an as_of before it"}},
)
async def get_enterprise(
    uscc: str,
    ctx: ReadContext,
    as_of: Annotated[
        date | None, Query(description="the facts and size class in force on this date (not after today)")
    ] = None,
) -> EnterpriseRead:
    if as_of is None:
        return await enterprise_view(ctx, await service.get_enterprise(ctx, uscc))
    enterprise, version = await service.facts_on(ctx, uscc=uscc, as_of=as_of)
    return await enterprise_view_as_of(ctx, enterprise, version, as_of=as_of)


@router.get(
    "/{uscc}/facts",
    response_model=list[FactsVersionRead],
    summary="Every version of the enterprise's facts and size class, oldest first",
)
async def facts_history(uscc: str, ctx: ReadContext) -> list[FactsVersionRead]:
    return [
        FactsVersionRead(
            effective_on=v.effective_on,
            name=v.name,
            district_code=v.district_code,
            sector=v.sector,
            cluster=v.cluster,
            employees=v.employees,
            annual_revenue=v.annual_revenue_fen,
            total_assets=v.total_assets_fen,
            park_id=v.park_id,
            size_class=v.size_class,
            is_sme=v.is_sme,
            size_explanation=v.size_explanation,
            changed=v.changed,
        )
        for v in await service.facts_history(ctx, uscc=uscc)
    ]


@router.patch(
    "/{uscc}",
    response_model=EnterpriseRead,
    summary="Change an enterprise's facts from a date (effective_on, default today); answers it as it stands today",
    responses={
        422: {
            "description": "`effective_before_registration`, `date_in_future`, `date_too_early`, "
            "`total_assets_required`, `district_unknown`, `cluster_unknown`, `park_unknown`, `validation_failed`"
        }
    },
)
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


@router.get(
    "/{uscc}/scale-reports",
    response_model=Page[ScaleReportRead],
    summary="An enterprise's scale reports (A4), year by year",
    responses=problems(InvalidUSCC, errors.EnterpriseNotFound, InvalidCursor),
)
async def list_scale_reports(
    uscc: Annotated[str, Path(max_length=40, description=f"the enterprise's {USCC_DESCRIPTION}")],
    ctx: ReadContext,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ScaleReportRead]:
    """Each year's main-business revenue as reported, oldest year first, with the threshold read and whether
    the enterprise was above scale that year (A4.1 reads them: three consecutive years above after one below)."""
    rows = await service.list_scale_reports(ctx, uscc=uscc, limit=limit, after_year=_after_year(cursor))
    next_cursor = encode_cursor([rows[-1].year]) if len(rows) == limit else None
    return Page(items=[_scale_read(r) for r in rows], next_cursor=next_cursor)


def _after_year(cursor: str | None) -> int | None:
    values = decode_cursor(cursor)
    if values is None:
        return None
    if len(values) != 1 or type(values[0]) is not int or not -(2**31) < values[0] < 2**31:
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged")
    return values[0]


def _scale_read(report) -> ScaleReportRead:
    return ScaleReportRead(
        uscc=report.uscc,
        year=report.year,
        main_business_revenue=report.main_business_revenue_fen,
        threshold=report.threshold_fen,
        qualified_by_licence=report.qualified_by_licence,
        above_scale=report.above_scale,
        explanation=report.explanation,
    )


@router.post(
    "/{uscc}/scale-reports/{year}/corrections",
    response_model=ScaleReportRead,
    summary="Correct a year's scale report (A4): above scale derived again, A4.1 decided again",
    responses=problems(
        InvalidUSCC,
        errors.EnterpriseNotFound,
        errors.ScaleReportNotFound,
        errors.LicenceRequired,
        errors.LicenceNotApplicable,
    ),
)
async def correct_scale_report(
    uscc: Annotated[str, Path(max_length=40, description=f"the enterprise's {USCC_DESCRIPTION}")],
    year: Annotated[int, Path(ge=1949, le=2099, description="the year reported, 1949 to 2099")],
    data: ScaleReportCorrection,
    ctx: WriteContext,
) -> ScaleReportRead:
    """A correction (issue 12, item 2): the year's main-business revenue (and licence) as it should have been
    reported. Whether the enterprise was above scale is derived again; the change is audited with the reason
    and its before and after, and published again (`registry.enterprise.scale_reported`), so the awards
    service decides A4.1 again (an unpaid award that no longer holds revoked, a paid one flagged)."""
    return _scale_read(await service.correct_scale_report(ctx, uscc=uscc, year=year, data=data))


@router.post(
    "/{uscc}/scale-reports",
    status_code=201,
    response_model=ScaleReportRead,
    summary="A year's main-business revenue (A4)",
)
async def report_scale(uscc: str, data: ScaleReportCreate, ctx: WriteContext) -> ScaleReportRead:
    return _scale_read(await service.report_scale(ctx, uscc=uscc, data=data))
