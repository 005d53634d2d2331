"""A6.1: booth fees of national trade fairs attended by six-cluster SMEs."""

from __future__ import annotations

from datetime import date

from zjtx.awards.rules.facts import EnterpriseFacts
from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Decision, RuleContext, percentage_of, yuan


def trade_fair_subsidy(
    facts: EnterpriseFacts,
    *,
    fair_name: str,
    held_on: date,
    booth_fee_fen: int,
    already_this_year_fen: int,
    parameters: ParameterFile,
) -> Decision:
    """RULES decision: reimbursed at a rate (default 100%) up to a cap per enterprise per year (default
    50,000), both parameters until the city publishes its own."""
    ctx = RuleContext("A6.1", parameters, held_on)
    ctx.inputs(
        uscc=facts.uscc,
        fair_name=fair_name,
        held_on=held_on,
        booth_fee=yuan(booth_fee_fen),
        cluster=facts.cluster,
        is_sme=facts.is_sme,
        already_reimbursed_this_year=yuan(already_this_year_fen),
    )
    key = f"A6.1:{facts.uscc}:{held_on.isoformat()}:{' '.join(fair_name.split()).casefold()}"
    if not facts.is_sme:
        return ctx.refuse("A6.1 supports small and medium enterprises; this one is large", dedup_key=key)
    if facts.cluster is None:
        return ctx.refuse("A6.1 is for enterprises of the six clusters", dedup_key=key)
    rate, cap = ctx.rate("trade_fair_subsidy", "rate"), ctx.yuan("trade_fair_subsidy", "cap_per_year")
    computed = percentage_of(booth_fee_fen, rate)
    ctx.step(f"{rate:%} × {yuan(booth_fee_fen)} = {yuan(computed)}")
    room = max(0, cap - already_this_year_fen)
    ctx.step(f"left under the yearly cap: {yuan(cap)} − {yuan(already_this_year_fen)} = {yuan(room)}")
    if room == 0:
        return ctx.refuse(f"the yearly cap of {yuan(cap)} for {held_on.year} is used up", dedup_key=key)
    if computed > room:
        ctx.cap(f"{yuan(computed)} > {yuan(room)} left of the yearly cap: capped at {yuan(room)}")
        computed = room
    else:
        ctx.cap(f"{yuan(computed)} ≤ {yuan(room)} left of the yearly cap: not capped")
    return ctx.decide(computed, dedup_key=key)
