from __future__ import annotations

import uuid

from zjtx.common.web.paging import InvalidCursor, Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.common.web.routing import Router
from zjtx.payments_watch.deps import ReadContext, WriteContext
from zjtx.payments_watch.procurement import service
from zjtx.payments_watch.procurement.models import ProcurementPlan
from zjtx.payments_watch.procurement.schemas import PlanCreate, PlanItemRead, PlanRead, ViolationRead

router = Router(prefix="/v1/procurement-plans", tags=["procurement plans"])


def plan_read(plan: ProcurementPlan) -> PlanRead:
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
        reason=plan.reason,
        explanation=plan.explanation,
        parameters_version=plan.parameters_version,
        created_at=plan.created_at,
    )


@router.post(
    "",
    status_code=201,
    response_model=PlanRead,
    summary="A9: submit a unit's yearly procurement plan (a new version), checked against A9.1 and A9.2",
)
async def submit(data: PlanCreate, ctx: WriteContext) -> PlanRead:
    return plan_read(await service.submit_plan(ctx, data=data))


@router.get("/{plan_id}", response_model=PlanRead, summary="One version of a plan and its check")
async def get_plan(plan_id: uuid.UUID, ctx: ReadContext) -> PlanRead:
    plan, _ = await service.get_plan(ctx, plan_id)
    return plan_read(plan)


@router.get("", response_model=Page[PlanRead], summary="Plans: the latest version of each unit and year, by default")
async def list_plans(
    ctx: ReadContext,
    year: int | None = None,
    buyer_code: str | None = None,
    compliant: bool | None = None,
    all_versions: bool = False,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[PlanRead]:
    limit = clamp_limit(limit)
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
        items=[plan_read(p) for p in rows],
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
