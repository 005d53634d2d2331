from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Query

from zjtx.common.dates import FIRST_DAY, LAST_DAY, DateInFuture, DateTooEarly
from zjtx.common.events.registry import Sector
from zjtx.common.rules import localised
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web import paging
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Day, Limit, Router, UsccPath, problems
from zjtx.registry import errors
from zjtx.registry.deps import ClusterFilter, DistrictFilter, ReadContext, WriteContext
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
from zjtx.registry.fields import POOLS_SAID, SECTORS_SAID, SIZE_CLASSES_SAID, TIERS_SAID, PoolCode, SizeClass
from zjtx.registry.recognition.schemas import Tier

router = Router(prefix="/v1/enterprises", tags=["enterprises"])

# What a change to an enterprise's facts can meet: a code of the reference data or a park not known, a
# missing size measure, a date out of the facts' range.
FACTS = (
    DateInFuture,
    DateTooEarly,
    errors.UnknownDistrict,
    errors.UnknownCluster,
    errors.UnknownPark,
    errors.TotalAssetsRequired,
)
# What every operation on one enterprise can meet: its code's check character, and no such enterprise.
ONE = (InvalidUSCC, errors.EnterpriseNotFound)
YearPath = Annotated[
    int, Path(ge=FIRST_DAY.year, le=LAST_DAY.year, description="the year reported, 1949 to 2099 (one of its reports)")
]

SectorFilter = Annotated[Sector | None, Query(description=f"only enterprises of this sector: {SECTORS_SAID}")]
SizeClassFilter = Annotated[
    SizeClass | None, Query(description=f"only enterprises of this size class: {SIZE_CLASSES_SAID}")
]
TierFilter = Annotated[
    Tier | None, Query(description=f"only enterprises holding a valid recognition of this tier today: {TIERS_SAID}")
]
PoolFilter = Annotated[
    PoolCode | None, Query(description=f"only enterprises in this cultivation pool now: {POOLS_SAID}")
]
ParkFilter = Annotated[uuid.UUID | None, Query(description="only enterprises in this industrial park now, by its `id`")]
AsOf = Annotated[
    Day | None,
    Query(
        description="the facts and size class in force on this date, YYYY-MM-DD (not after today, not before the "
        "registration: 404 `before_registration`); the current facts if not given"
    ),
]


@router.post(
    "",
    status_code=201,
    response_model=EnterpriseRead,
    summary="Register an enterprise",
    responses=problems(InvalidUSCC, *FACTS, errors.EnterpriseAlreadyRegistered),
)
async def register_enterprise(data: EnterpriseCreate, ctx: WriteContext, language: ReaderLanguage) -> EnterpriseRead:
    """An enterprise with its facts from its registration day: its size class (大型/中型/小型/微型) derived by
    the 2011 size standard for its sector, with the explanation, and `registry.enterprise.registered`
    published. A park it is in may qualify for the A1.park plaque."""
    return _said_in(language, new_enterprise_view(ctx, await service.register_enterprise(ctx, data=data)))


@router.get(
    "",
    response_model=Page[EnterpriseRead],
    summary="Enterprises, filtered, by credit code",
    responses=problems(InvalidCursor),
)
async def list_enterprises(
    ctx: ReadContext,
    language: ReaderLanguage,
    district_code: DistrictFilter = None,
    sector: SectorFilter = None,
    cluster: ClusterFilter = None,
    size_class: SizeClassFilter = None,
    tier: TierFilter = None,
    pool: PoolFilter = None,
    park_id: ParkFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[EnterpriseRead]:
    """The enterprises in the order of their credit codes, by their current facts (district, sector,
    cluster, size class, park), a tier they hold today, or a pool they are in now; each with its
    recognitions, pools and credit-list entries."""
    after = paging.after(cursor, paging.uscc)
    rows = await repository.list_enterprises(
        ctx.session,
        filters={"district_code": district_code, "sector": sector, "cluster": cluster, "size_class": size_class},
        tier=tier,
        pool=pool,
        park_id=park_id,
        on=ctx.today(),
        limit=limit,
        after=after[0] if after else None,
    )
    next_cursor = paging.next_cursor(rows, limit, lambda e: [e.uscc])
    return Page(items=[_said_in(language, v) for v in await enterprise_views(ctx, rows)], next_cursor=next_cursor)


@router.get(
    "/{uscc}",
    response_model=EnterpriseRead,
    summary="One enterprise; with ?as_of= its facts and size class on that date",
    responses=problems(*ONE, errors.BeforeRegistration, DateInFuture),
)
async def get_enterprise(
    uscc: UsccPath, ctx: ReadContext, language: ReaderLanguage, as_of: AsOf = None
) -> EnterpriseRead:
    """The enterprise as it stands today, or with `as_of` the facts and size class in force on that date
    (RULES: any past date can be answered), with its recognitions, pools and credit-list entries."""
    if as_of is None:
        return _said_in(language, await enterprise_view(ctx, await service.get_enterprise(ctx, uscc)))
    enterprise, version = await service.facts_on(ctx, uscc=uscc, as_of=as_of)
    return _said_in(language, await enterprise_view_as_of(ctx, enterprise, version, as_of=as_of))


def _said_in(language: str, view: EnterpriseRead) -> EnterpriseRead:
    """The view with its size class explained in the caller's language (the stored explanation keeps both)."""
    return view.model_copy(update={"size_explanation": _localised(view.size_explanation, language)})


def _localised(explanation: dict | None, language: str) -> dict | None:
    return None if explanation is None else localised(explanation, language)


@router.get(
    "/{uscc}/facts",
    response_model=Page[FactsVersionRead],
    summary="Every version of the enterprise's facts and size class, oldest first",
    responses=problems(*ONE, InvalidCursor),
)
async def facts_history(
    uscc: UsccPath, ctx: ReadContext, language: ReaderLanguage, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[FactsVersionRead]:
    """The versions of the enterprise's facts in the order they took effect: each holds every fact and the
    size class derived on its own date, and names the facts it set itself (`changed`)."""
    after = paging.after(cursor, paging.day)
    versions = await service.facts_history(ctx, uscc=uscc, limit=limit, after=after[0] if after else None)
    return Page(
        items=[
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
                size_explanation=_localised(v.size_explanation, language),
                changed=v.changed,
            )
            for v in versions
        ],
        next_cursor=paging.next_cursor(versions, limit, lambda v: [v.effective_on.isoformat()]),
    )


@router.patch(
    "/{uscc}",
    response_model=EnterpriseRead,
    summary="Change an enterprise's facts from a date (effective_on, default today); answers it as it stands today",
    responses=problems(*ONE, *FACTS, errors.EffectiveBeforeRegistration),
)
async def update_enterprise(
    uscc: UsccPath, data: EnterpriseUpdate, ctx: WriteContext, language: ReaderLanguage
) -> EnterpriseRead:
    """The facts given change from `effective_on`: the version of that date is made or amended, the change
    carried into later versions that did not set the same facts, each touched version's size class derived
    again on its own date and published (`registry.enterprise.updated` v2). A request that changes nothing
    answers the enterprise unchanged."""
    return _said_in(language, await enterprise_view(ctx, await service.update_enterprise(ctx, uscc=uscc, data=data)))


@router.post(
    "/{uscc}/relocations",
    status_code=201,
    response_model=RelocationRead,
    summary="The registration moved into Hohhot (A1.3)",
    responses=problems(*ONE, DateInFuture, DateTooEarly, errors.RelocationWithinCity),
)
async def relocate_in(uscc: UsccPath, data: RelocationCreate, ctx: WriteContext) -> RelocationRead:
    """A move of the enterprise's registration into Hohhot from outside the city (A1.3: the relocation
    award): recorded and published (`registry.enterprise.relocated_in`). A move from a division of Hohhot
    (1501…) is 422 `relocation_within_city`."""
    relocation = await service.relocate_in(ctx, uscc=uscc, data=data)
    return RelocationRead.model_validate(relocation, from_attributes=True)


@router.get(
    "/{uscc}/scale-reports",
    response_model=Page[ScaleReportRead],
    summary="An enterprise's scale reports (A4), year by year",
    responses=problems(*ONE, InvalidCursor),
)
async def list_scale_reports(
    uscc: UsccPath, ctx: ReadContext, language: ReaderLanguage, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[ScaleReportRead]:
    """Each year's main-business revenue as reported, oldest year first, with the threshold read and whether
    the enterprise was above scale that year (A4.1 reads them: three consecutive years above after one below)."""
    after = paging.after(cursor, _year)
    rows = await service.list_scale_reports(ctx, uscc=uscc, limit=limit, after_year=None if after is None else after[0])
    return Page(
        items=[_scale_read(r, language) for r in rows],
        next_cursor=paging.next_cursor(rows, limit, lambda report: (report.year,)),
    )


def _year(value: str) -> int:
    """A year of the cursor: one of the platform's calendar (else the cursor is not one of ours)."""
    year = int(value)
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise ValueError("outside the platform's calendar")
    return year


def _scale_read(report, language: str) -> ScaleReportRead:
    return ScaleReportRead(
        uscc=report.uscc,
        year=report.year,
        main_business_revenue=report.main_business_revenue_fen,
        threshold=report.threshold_fen,
        qualified_by_licence=report.qualified_by_licence,
        above_scale=report.above_scale,
        explanation=_localised(report.explanation, language),
    )


@router.post(
    "/{uscc}/scale-reports/{year}/corrections",
    response_model=ScaleReportRead,
    summary="Correct a year's scale report (A4): above scale derived again, A4.1 decided again",
    responses=problems(*ONE, errors.ScaleReportNotFound, errors.LicenceRequired, errors.LicenceNotApplicable),
)
async def correct_scale_report(
    uscc: UsccPath,
    year: YearPath,
    data: ScaleReportCorrection,
    ctx: WriteContext,
    language: ReaderLanguage,
) -> ScaleReportRead:
    """A correction (issue 12, item 2): the year's main-business revenue (and licence) as it should have been
    reported. Whether the enterprise was above scale is derived again; the change is audited with the reason
    and its before and after, and published again (`registry.enterprise.scale_reported`), so the awards
    service decides A4.1 again (an unpaid award that no longer holds revoked, a paid one flagged). A year not
    reported is 404 `scale_report_not_found`."""
    return _scale_read(await service.correct_scale_report(ctx, uscc=uscc, year=year, data=data), language)


@router.post(
    "/{uscc}/scale-reports",
    status_code=201,
    response_model=ScaleReportRead,
    summary="A year's main-business revenue (A4)",
    responses=problems(
        *ONE, errors.YearInFuture, errors.ScaleReportExists, errors.LicenceRequired, errors.LicenceNotApplicable
    ),
)
async def report_scale(
    uscc: UsccPath, data: ScaleReportCreate, ctx: WriteContext, language: ReaderLanguage
) -> ScaleReportRead:
    """A completed year's main-business revenue, one report a year: whether the enterprise was above scale
    (规模以上, A4.1) against the threshold of its sector at the end of that year, or by its licence
    (construction, real estate), explained and published (`registry.enterprise.scale_reported`). A report
    recorded wrong is corrected (`POST …/scale-reports/{year}/corrections`), not reported again."""
    return _scale_read(await service.report_scale(ctx, uscc=uscc, data=data), language)
