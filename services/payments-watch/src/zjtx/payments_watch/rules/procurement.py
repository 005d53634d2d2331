"""A9: a budget unit's yearly procurement plan against the city's SME rules.

- A9.1: at least 40% of the yearly procurement budget reserved for SMEs, and of that reserve at least
  70% for small and micro enterprises (其中预留给小微企业比例不低于70%: a share of the reserve).
- A9.2: goods and services from the procurement threshold up to 2,000,000, and works from the threshold
  up to 4,000,000 (以上 and 以下 include the figure), that suit SMEs, procured from SMEs only.

A plan for a year before the policy is recorded, not checked (`before_policy`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from zjtx.common.money import format_fen
from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Explanation, RuleContext, yuan


@dataclass(frozen=True)
class PlanItem:
    name: str
    category: str  # goods | services | works
    budget_fen: int
    suits_sme: bool
    reserved_for_sme: bool


@dataclass(frozen=True)
class PlanFacts:
    buyer_code: str
    year: int
    total_budget_fen: int
    sme_reserved_fen: int
    small_micro_reserved_fen: int
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class Violation:
    rule: str
    measure: str
    required: str
    actual: str
    item: str | None
    detail: str


@dataclass(frozen=True)
class PlanDecision:
    compliant: bool | None  # None: not checked (before the policy)
    violations: tuple[Violation, ...]
    reason: str | None
    parameters_version: str
    explanation: Explanation


def check_plan(plan: PlanFacts, *, parameters: ParameterFile) -> PlanDecision:
    ctx = RuleContext("A9", parameters, date(plan.year, 1, 1))
    ctx.inputs(
        buyer_code=plan.buyer_code,
        year=plan.year,
        total_budget=yuan(plan.total_budget_fen),
        sme_reserved=yuan(plan.sme_reserved_fen),
        small_micro_reserved=yuan(plan.small_micro_reserved_fen),
        items=len(plan.items),
    )
    early = ctx.before_policy()
    if early is not None:
        ctx.explanation.say("reasons", f"before_policy: {early}", f"before_policy：{ctx.before_policy_zh()}")
        return PlanDecision(None, (), f"before_policy: {early}", parameters.version, ctx.explanation)
    violations = [*_reserve(ctx, plan), *_sme_only(ctx, plan)]
    ctx.step(
        f"{len(violations)} violation(s): {'compliant' if not violations else 'not compliant'}",
        zh=f"违规{len(violations)}项：{'合规' if not violations else '不合规'}",
    )
    return PlanDecision(not violations, tuple(violations), None, parameters.version, ctx.explanation)


def _at_least(share: Decimal, base_fen: int) -> int:
    """share × base in fen, rounded up: what "at least" asks for to the fen."""
    return int((share * base_fen).to_integral_value(rounding=ROUND_CEILING))


def _reserve(ctx: RuleContext, plan: PlanFacts) -> list[Violation]:
    found = []
    sme_share = ctx.rate("procurement_reserve", "sme_share")
    required = _at_least(sme_share, plan.total_budget_fen)
    ok = plan.sme_reserved_fen >= required
    ctx.step(
        f"A9.1: reserved for SMEs {yuan(plan.sme_reserved_fen)} {'≥' if ok else '<'} {sme_share:%} × "
        f"{yuan(plan.total_budget_fen)} = {yuan(required)}",
        zh=f"A9.1：面向中小企业预留{yuan(plan.sme_reserved_fen)}元 {'≥' if ok else '<'} {sme_share:%} × "
        f"年度采购预算{yuan(plan.total_budget_fen)}元 = {yuan(required)}元",
    )
    if not ok:
        found.append(
            Violation(
                "A9.1",
                "sme_reserved",
                format_fen(required),
                format_fen(plan.sme_reserved_fen),
                None,
                f"at least {sme_share:%} of the yearly procurement budget is reserved for SMEs",
            )
        )
    small_share = ctx.rate("procurement_reserve", "small_micro_share")
    required = _at_least(small_share, plan.sme_reserved_fen)
    ok = plan.small_micro_reserved_fen >= required
    ctx.step(
        f"A9.1: reserved for small and micro {yuan(plan.small_micro_reserved_fen)} {'≥' if ok else '<'} "
        f"{small_share:%} × {yuan(plan.sme_reserved_fen)} = {yuan(required)}",
        zh=f"A9.1：面向小微企业预留{yuan(plan.small_micro_reserved_fen)}元 {'≥' if ok else '<'} "
        f"{small_share:%} × 中小企业预留{yuan(plan.sme_reserved_fen)}元 = {yuan(required)}元",
    )
    if not ok:
        found.append(
            Violation(
                "A9.1",
                "small_micro_reserved",
                format_fen(required),
                format_fen(plan.small_micro_reserved_fen),
                None,
                f"at least {small_share:%} of the SME reserve is for small and micro enterprises",
            )
        )
    return found


def _sme_only(ctx: RuleContext, plan: PlanFacts) -> list[Violation]:
    found = []
    ranges: dict[str, tuple[int, int]] = {}
    for item in plan.items:
        if item.category not in ranges:  # each figure read (and shown) once
            ranges[item.category] = (
                ctx.yuan("sme_only_procurement", "thresholds", item.category),
                ctx.yuan("sme_only_procurement", "ceilings", item.category),
            )
        threshold, ceiling = ranges[item.category]
        within = threshold <= item.budget_fen <= ceiling
        where = f"{item.category} {yuan(item.budget_fen)}, range {yuan(threshold)}..{yuan(ceiling)}"
        where_zh = f"{item.category}，预算{yuan(item.budget_fen)}元，区间{yuan(threshold)}至{yuan(ceiling)}元"
        if not within or not item.suits_sme:
            why = "outside the range" if not within else "not suited to SMEs"
            why_zh = "不在区间内" if not within else "不适宜由中小企业提供"
            ctx.step(
                f"A9.2: {item.name} ({where}): {why}, not bound",
                zh=f"A9.2：{item.name}（{where_zh}）：{why_zh}，不受约束",
            )
            continue
        if item.reserved_for_sme:
            ctx.step(
                f"A9.2: {item.name} ({where}), suits SMEs: reserved for SMEs, as required",
                zh=f"A9.2：{item.name}（{where_zh}），适宜由中小企业提供：已专门面向中小企业采购，符合要求",
            )
            continue
        ctx.step(
            f"A9.2: {item.name} ({where}), suits SMEs: not reserved for SMEs, a violation",
            zh=f"A9.2：{item.name}（{where_zh}），适宜由中小企业提供：未专门面向中小企业采购，违规",
        )
        found.append(
            Violation(
                "A9.2",
                "reserved_for_sme",
                "true",
                "false",
                item.name,
                f"{where}: an item that suits SMEs in this range is procured from SMEs only",
            )
        )
    return found
