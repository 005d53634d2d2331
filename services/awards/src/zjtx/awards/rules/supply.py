"""A2.1 (new supply to the six clusters) and A2.2 (technical upgrades)."""

from __future__ import annotations

from datetime import date

from zjtx.awards.rules.facts import ZJTX_TIERS, EnterpriseFacts
from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Decision, RuleContext, percentage_of, yuan

NOT_SME = "not_sme"


def supply_award(
    facts: EnterpriseFacts,
    *,
    year: int,
    supply_fen: int,
    previous_year_supply_fen: int,
    buyer_cluster: str,
    own_product: bool,
    parameters: ParameterFile,
) -> Decision:
    """A2.1: 5% of the new supply amount (this year's supply minus last year's, not below 0), one-time,
    capped at 500,000; one award per enterprise, ever (RULES decision). The product or technology is the
    enterprise's own (自主研发), supplied to a buyer of one of the six clusters, and the enterprise is an
    SME on the last day of the claim year."""
    last_day = date(year, 12, 31)
    ctx = RuleContext("A2.1", parameters, last_day)
    ctx.inputs(
        uscc=facts.uscc,
        year=year,
        supply_amount=yuan(supply_fen),
        previous_year_supply_amount=yuan(previous_year_supply_fen),
        buyer_cluster=buyer_cluster,
        own_product=own_product,
    )
    key = f"A2.1:{facts.uscc}"
    too_early = ctx.refuse_before_policy(dedup_key=key)
    if too_early is not None:
        return too_early
    if not own_product:
        return ctx.refuse(
            "A2.1 supports an enterprise's own products or technology (自主研发)",
            zh="A2.1仅支持企业自主研发的产品或技术",
            code="not_own_product",
            dedup_key=key,
        )
    not_sme = facts.not_sme_on(last_day)
    if not_sme:
        return ctx.refuse(not_sme, zh=facts.not_sme_on_zh(last_day), code=NOT_SME, dedup_key=key)
    ctx.step(f"an SME on {last_day}", zh=f"{last_day}为中小企业")
    new_supply = max(0, supply_fen - previous_year_supply_fen)
    ctx.step(
        f"new supply = max(0, {yuan(supply_fen)} − {yuan(previous_year_supply_fen)}) = {yuan(new_supply)}",
        zh=f"新增配套金额 = max(0, {yuan(supply_fen)}元 − {yuan(previous_year_supply_fen)}元) = {yuan(new_supply)}元",
    )
    if new_supply == 0:
        return ctx.refuse(
            "no new supply amount over the year before", zh="较上年无新增配套金额", code="no_new_supply", dedup_key=key
        )
    rate, cap = ctx.rate("supply_award", "rate"), ctx.yuan("supply_award", "cap")
    computed = percentage_of(new_supply, rate)
    ctx.step(
        f"{rate:%} × {yuan(new_supply)} = {yuan(computed)}",
        zh=f"按新增配套金额的{rate:%}计算：{rate:%} × {yuan(new_supply)}元 = {yuan(computed)}元",
    )
    amount = _cap(ctx, computed, cap, "one-time cap", "一次性奖励上限")
    return ctx.decide(amount, dedup_key=key)


def upgrade_key(uscc: str, project_name: str) -> str:
    """One award per project (A2.2): the project named the same, whatever its spacing and case."""
    return f"A2.2:{uscc}:{' '.join(project_name.split()).casefold()}"


def upgrade_award(
    facts: EnterpriseFacts, *, project_name: str, investment_fen: int, completed_on: date, parameters: ParameterFile
) -> Decision:
    """A2.2: a 专精特新 SME's technical-upgrade project investing at least 1,000,000 gets 20% of the
    investment, capped at 500,000 per project; recognition and SME status on the completion date."""
    ctx = RuleContext("A2.2", parameters, completed_on)
    ctx.inputs(
        uscc=facts.uscc, project_name=project_name, investment_amount=yuan(investment_fen), completed_on=completed_on
    )
    key = upgrade_key(facts.uscc, project_name)
    too_early = ctx.refuse_before_policy(dedup_key=key)
    if too_early is not None:
        return too_early
    held = facts.holds(ZJTX_TIERS, completed_on)
    if not held:
        return ctx.refuse(
            f"no valid 专精特新 recognition (any level) on {completed_on}",
            zh=f"{completed_on}未持有有效的专精特新认定（任何级别）",
            code="not_recognised",
            dedup_key=key,
        )
    ctx.inputs(recognition=f"{held[0].tier} {held[0].recognized_on}..{held[0].expires_on}")
    not_sme = facts.not_sme_on(completed_on)
    if not_sme:
        return ctx.refuse(not_sme, zh=facts.not_sme_on_zh(completed_on), code=NOT_SME, dedup_key=key)
    minimum = ctx.yuan("upgrade_award", "min_investment")
    if investment_fen < minimum:
        return ctx.refuse(
            f"investment {yuan(investment_fen)} is below {yuan(minimum)}",
            zh=f"设备投资额{yuan(investment_fen)}元，低于{yuan(minimum)}元",
            code="below_minimum",
            dedup_key=key,
        )
    ctx.step(
        f"investment {yuan(investment_fen)} ≥ {yuan(minimum)}",
        zh=f"设备投资额{yuan(investment_fen)}元 ≥ {yuan(minimum)}元",
    )
    rate, cap = ctx.rate("upgrade_award", "rate"), ctx.yuan("upgrade_award", "cap")
    computed = percentage_of(investment_fen, rate)
    ctx.step(
        f"{rate:%} × {yuan(investment_fen)} = {yuan(computed)}",
        zh=f"按设备投资额的{rate:%}计算：{rate:%} × {yuan(investment_fen)}元 = {yuan(computed)}元",
    )
    return ctx.decide(_cap(ctx, computed, cap, "cap per project", "单个项目奖励上限"), dedup_key=key)


def _cap(ctx: RuleContext, computed: int, cap: int, what: str, what_zh: str) -> int:
    if computed > cap:
        ctx.cap(
            f"{yuan(computed)} > {what} {yuan(cap)}: capped at {yuan(cap)}",
            zh=f"{yuan(computed)}元 > {what_zh}{yuan(cap)}元：按上限{yuan(cap)}元核定",
        )
        return cap
    ctx.cap(
        f"{yuan(computed)} ≤ {what} {yuan(cap)}: not capped",
        zh=f"{yuan(computed)}元 ≤ {what_zh}{yuan(cap)}元：未超上限",
    )
    return computed
