"""A6.1: booth fees of national trade fairs attended by six-cluster SMEs."""

from __future__ import annotations

from datetime import date

from zjtx.awards.rules.facts import EnterpriseFacts
from zjtx.awards.rules.supply import NOT_SME
from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Decision, RuleContext, percentage_of, yuan

FAIR_LEVELS = ("national", "international", "regional", "local")
# The fairs' levels as a Chinese line says them.
FAIR_LEVEL_NAMES_ZH = {"national": "国家级", "international": "国际性", "regional": "区域性", "local": "地方性"}
COVERED_LEVELS = ("national", "international")


def trade_fair_key(uscc: str, held_on: date, fair_name: str) -> str:
    return f"A6.1:{uscc}:{held_on.isoformat()}:{' '.join(fair_name.split()).casefold()}"


def trade_fair_subsidy(
    facts: EnterpriseFacts,
    *,
    fair_name: str,
    fair_level: str,
    held_on: date,
    booth_fee_fen: int,
    already_this_year_fen: int,
    parameters: ParameterFile,
) -> Decision:
    """RULES decision: reimbursed at a rate (default 100%) up to a cap per enterprise per year (default
    50,000), both parameters until the city publishes its own; a national or international fair; the
    enterprise an SME in one of the six clusters on the fair's date. `already_this_year_fen`: what the
    fairs of the same year held before this one were granted."""
    ctx = RuleContext("A6.1", parameters, held_on)
    size = facts.size_on(held_on)
    cluster = facts.cluster_on(held_on)
    ctx.inputs(
        uscc=facts.uscc,
        fair_name=fair_name,
        fair_level=fair_level,
        held_on=held_on,
        booth_fee=yuan(booth_fee_fen),
        cluster=cluster,
        size_class=size.size_class if size else None,
        already_reimbursed_this_year=yuan(already_this_year_fen),
    )
    key = trade_fair_key(facts.uscc, held_on, fair_name)
    too_early = ctx.refuse_before_policy(dedup_key=key)
    if too_early is not None:
        return too_early
    if fair_level not in COVERED_LEVELS:
        return ctx.refuse(
            f"A6.1 covers national and international fairs, not a {fair_level} one",
            zh=f"A6.1仅支持国家级及国际性展会，不支持{FAIR_LEVEL_NAMES_ZH.get(fair_level, fair_level)}展会",
            code="fair_level",
            dedup_key=key,
        )
    not_sme = facts.not_sme_on(held_on)
    if not_sme:
        return ctx.refuse(not_sme, zh=facts.not_sme_on_zh(held_on), code=NOT_SME, dedup_key=key)
    if cluster is None:
        return ctx.refuse(
            "A6.1 is for enterprises of the six clusters",
            zh="A6.1仅支持六大产业集群企业",
            code="no_cluster",
            dedup_key=key,
        )
    rate, cap = ctx.rate("trade_fair_subsidy", "rate"), ctx.yuan("trade_fair_subsidy", "cap_per_year")
    computed = percentage_of(booth_fee_fen, rate)
    ctx.step(
        f"{rate:%} × {yuan(booth_fee_fen)} = {yuan(computed)}",
        zh=f"按展位费的{rate:%}补贴：{rate:%} × {yuan(booth_fee_fen)}元 = {yuan(computed)}元",
    )
    room = max(0, cap - already_this_year_fen)
    ctx.step(
        f"left under the yearly cap: {yuan(cap)} − {yuan(already_this_year_fen)} = {yuan(room)}",
        zh=f"年度上限剩余额度：{yuan(cap)}元 − {yuan(already_this_year_fen)}元 = {yuan(room)}元",
    )
    if room == 0:
        return ctx.refuse(
            f"the yearly cap of {yuan(cap)} for {held_on.year} is used up",
            zh=f"{held_on.year}年度补贴上限{yuan(cap)}元已用完",
            code="cap_used",
            dedup_key=key,
        )
    if computed > room:
        ctx.cap(
            f"{yuan(computed)} > {yuan(room)} left of the yearly cap: capped at {yuan(room)}",
            zh=f"{yuan(computed)}元 > 年度上限剩余额度{yuan(room)}元：按{yuan(room)}元核定",
        )
        computed = room
    else:
        ctx.cap(
            f"{yuan(computed)} ≤ {yuan(room)} left of the yearly cap: not capped",
            zh=f"{yuan(computed)}元 ≤ 年度上限剩余额度{yuan(room)}元：未超上限",
        )
    return ctx.decide(computed, dedup_key=key)
