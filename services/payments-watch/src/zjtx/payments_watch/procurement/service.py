"""Procurement plan use cases (A9): submit a unit's yearly plan (a new version each time, checked again),
read one, list them. Versions of one unit and year are numbered under the unit's row lock."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict

from zjtx.common.kit.context import Context
from zjtx.common.rules import yuan
from zjtx.common.web.audit import record_audit
from zjtx.payments_watch import errors
from zjtx.payments_watch.buyer import repository as buyer_repository
from zjtx.payments_watch.buyer.service import normalise_code
from zjtx.payments_watch.procurement import repository
from zjtx.payments_watch.procurement.models import ProcurementPlan
from zjtx.payments_watch.procurement.schemas import PlanCreate
from zjtx.payments_watch.rules.facts import PUBLIC_KINDS
from zjtx.payments_watch.rules.procurement import PlanFacts, PlanItem, check_plan
from zjtx.payments_watch.schemas import BUYER_KIND_NAMES


async def submit_plan(ctx: Context, *, data: PlanCreate) -> ProcurementPlan:
    code = normalise_code(data.buyer_code)
    buyer = await buyer_repository.get(ctx.session, code, for_update=True)
    if buyer is None:
        raise errors.BuyerUnknown(
            f"no buyer {code}: register it first (POST /v1/buyers)",
            detail_zh=f"没有买方{code}：请先登记（POST /v1/buyers）",
        )
    if buyer.kind not in PUBLIC_KINDS:
        raise errors.NotABudgetUnit(
            f"{code} is a {buyer.kind}: A9 binds 机关 and 事业单位",
            detail_zh=f"{code}为{BUYER_KIND_NAMES.get(buyer.kind, buyer.kind)}：A9仅约束机关和事业单位",
        )
    _consistent(data)
    facts = PlanFacts(
        buyer_code=code,
        year=data.year,
        total_budget_fen=data.total_budget,
        sme_reserved_fen=data.sme_reserved,
        small_micro_reserved_fen=data.small_micro_reserved,
        items=tuple(PlanItem(i.name, i.category, i.budget, i.suits_sme, i.reserved_for_sme) for i in data.items),
    )
    decision = check_plan(facts, parameters=ctx.parameters)
    plan = ProcurementPlan(
        id=uuid.uuid4(),
        buyer_code=code,
        year=data.year,
        version=await repository.next_version(ctx.session, code, data.year),
        total_budget_fen=data.total_budget,
        sme_reserved_fen=data.sme_reserved,
        small_micro_reserved_fen=data.small_micro_reserved,
        items=[
            {
                "name": i.name,
                "category": i.category,
                "budget_fen": i.budget_fen,
                "suits_sme": i.suits_sme,
                "reserved_for_sme": i.reserved_for_sme,
            }
            for i in facts.items
        ],
        compliant=decision.compliant,
        violations=[asdict(v) for v in decision.violations],
        reason=decision.reason,
        explanation=decision.explanation.as_dict(),
        parameters_version=decision.parameters_version,
    )
    await repository.add(ctx.session, plan)
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="procurement_plan.submit",
        entity_type="procurement_plan",
        entity_id=str(plan.id),
        before=None,
        after={
            **data.model_dump(mode="json"),
            "version": plan.version,
            "compliant": plan.compliant,
            "violations": plan.violations,
        },
    )
    return plan


def _consistent(data: PlanCreate) -> None:
    if data.sme_reserved > data.total_budget:
        raise errors.PlanInconsistent(
            f"sme_reserved {yuan(data.sme_reserved)} is more than total_budget {yuan(data.total_budget)}"
        )
    if data.small_micro_reserved > data.sme_reserved:
        raise errors.PlanInconsistent(
            f"small_micro_reserved {yuan(data.small_micro_reserved)} is more than "
            f"sme_reserved {yuan(data.sme_reserved)}"
        )
    items = sum(i.budget for i in data.items)
    if items > data.total_budget:
        raise errors.PlanInconsistent(
            f"the items come to {yuan(items)}, more than total_budget {yuan(data.total_budget)}"
        )


async def get_plan(ctx: Context, plan_id: uuid.UUID) -> tuple[ProcurementPlan, bool]:
    plan = await repository.get(ctx.session, plan_id)
    if plan is None:
        raise errors.PlanNotFound(f"no procurement plan {plan_id}", detail_zh=f"没有采购计划{plan_id}")
    return plan, await repository.is_latest(ctx.session, plan)


async def list_plans(
    ctx: Context,
    *,
    year: int | None,
    buyer_code: str | None,
    compliant: bool | None,
    all_versions: bool,
    after: tuple[int, str, int] | None,
    limit: int,
) -> Sequence[ProcurementPlan]:
    return await repository.search(
        ctx.session,
        year=year,
        buyer_code=None if buyer_code is None else normalise_code(buyer_code),
        compliant=compliant,
        all_versions=all_versions,
        after=after,
        limit=limit,
    )
