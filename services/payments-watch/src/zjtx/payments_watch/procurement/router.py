from __future__ import annotations

from typing import Annotated

from fastapi import Query

from zjtx.common.rules import localised, said_in
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Limit, Router, Year, problems
from zjtx.payments_watch import errors
from zjtx.payments_watch.deps import BuyerCodeFilter, PlanIdPath, ReadContext, WriteContext
from zjtx.payments_watch.procurement import service
from zjtx.payments_watch.procurement.models import ProcurementPlan
from zjtx.payments_watch.procurement.schemas import PlanCreate, PlanItemRead, PlanRead, ViolationRead

router = Router(prefix="/v1/procurement-plans", tags=["procurement plans"])

PlanYear = Annotated[Year | None, Query(description="only plans for this budget year (1949 to 2099)")]
CompliantFilter = Annotated[
    bool | None,
    Query(
        description="true: only plans that meet A9.1 and A9.2; false: only those that do not (unchecked ones: neither)"
    ),
]
AllVersions = Annotated[
    bool, Query(description="true: every version of each plan; default: the latest of each unit and year")
]


def _reasons_zh(plan: ProcurementPlan) -> str | None:
    """Why the plan was not checked, from the Chinese reasons its explanation keeps beside the English."""
    return "；".join(localised(plan.explanation, "zh-CN").get("reasons") or []) or None


def plan_read(plan: ProcurementPlan, language: str) -> PlanRead:
    return PlanRead(
        id=plan.id,
        buyer_code=plan.buyer_code,
        year=plan.year,
        version=plan.version,
        total_budget=plan.total_budget_fen,
        sme_reserved=plan.sme_reserved_fen,
        small_micro_reserved=plan.small_micro_reserved_fen,
        items=[
            PlanItemRead(
                name=i["name"],
                category=i["category"],
                budget=i["budget_fen"],
                suits_sme=i["suits_sme"],
                reserved_for_sme=i["reserved_for_sme"],
            )
            for i in plan.items
        ],
        compliant=plan.compliant,
        violations=[ViolationRead(**v) for v in plan.violations],
        reason=said_in(language, plan.reason, _reasons_zh(plan)),
        explanation=localised(plan.explanation, language),
        parameters_version=plan.parameters_version,
        created_at=plan.created_at,
    )


@router.post(
    "",
    status_code=201,
    response_model=PlanRead,
    summary="A9: submit a unit's yearly procurement plan (a new version), checked against A9.1 and A9.2",
    responses=problems(InvalidUSCC, errors.BuyerUnknown, errors.NotABudgetUnit, errors.PlanInconsistent),
)
async def submit(data: PlanCreate, ctx: WriteContext, language: ReaderLanguage) -> PlanRead:
    """A 机关's or 事业单位's yearly procurement plan, a new version each time (a revised plan is checked again):
    A9.1, at least 40% of the whole yearly procurement budget reserved for SMEs and of that at least 70% for
    small and micro enterprises; A9.2, every item that suits SMEs between the procurement threshold and
    2,000,000 (goods, services) or 4,000,000 (works) reserved for SMEs only. A violation is reported with its
    figures; a plan for a year before 2022 is recorded, not checked (`before_policy`)."""
    return plan_read(await service.submit_plan(ctx, data=data), language)


@router.get(
    "/{plan_id}",
    response_model=PlanRead,
    summary="One version of a plan and its check",
    responses=problems(errors.PlanNotFound),
)
async def get_plan(plan_id: PlanIdPath, ctx: ReadContext, language: ReaderLanguage) -> PlanRead:
    """The plan version with its A9 check: `compliant` and its `violations`; 404 `plan_not_found` for none."""
    plan, _ = await service.get_plan(ctx, plan_id)
    return plan_read(plan, language)


@router.get(
    "",
    response_model=Page[PlanRead],
    summary="Plans: the latest version of each unit and year, by default",
    responses=problems(InvalidCursor, InvalidUSCC),
)
async def list_plans(
    language: ReaderLanguage,
    ctx: ReadContext,
    year: PlanYear = None,
    buyer_code: BuyerCodeFilter = None,
    compliant: CompliantFilter = None,
    all_versions: AllVersions = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[PlanRead]:
    """The plans by year, unit and version, with their A9 checks."""
    rows = await service.list_plans(
        ctx,
        year=year,
        buyer_code=buyer_code,
        compliant=compliant,
        all_versions=all_versions,
        after=_after(decode_cursor(cursor)),
        limit=limit,
    )
    last = rows[-1] if len(rows) == limit else None
    return Page(
        items=[plan_read(p, language) for p in rows],
        next_cursor=None if last is None else encode_cursor([last.year, last.buyer_code, last.version]),
    )


def _after(values: list | None) -> tuple[int, str, int] | None:
    if values is None:
        return None
    try:
        year, code, version = values
        return int(year), str(code), int(version)
    except (ValueError, TypeError):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged") from None
