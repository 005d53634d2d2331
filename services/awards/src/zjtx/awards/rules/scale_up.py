"""A4.1: an SME that moved above scale and stayed there for 3 consecutive years: one-time 300,000."""

from __future__ import annotations

from datetime import date

from zjtx.awards.rules.facts import EnterpriseFacts
from zjtx.awards.rules.supply import NOT_SME
from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Decision, RuleContext, yuan


def scale_up_award(facts: EnterpriseFacts, *, reported_year: int, parameters: ParameterFile) -> Decision:
    """RULES decision: a below-scale year reported before; the first above-scale year counts as the
    first of the three, so the award falls due when the third consecutive one is reported; a
    below-scale year in between restarts the count; a missing year holds it until it is reported; the
    upgrade year is 2022 or later, and the enterprise an SME on its last day."""
    ctx = RuleContext("A4.1", parameters, date(reported_year, 12, 31))
    years = dict(sorted(facts.scale_years.items()))
    ctx.inputs(
        uscc=facts.uscc,
        reported_year=reported_year,
        scale_reports={str(y): ("above" if above else "below") for y, above in years.items()},
    )
    key = f"A4.1:{facts.uscc}"
    # Reports of years before the policy arrive too (history): refused, with the reason.
    too_early = ctx.refuse_before_policy(dedup_key=key)
    if too_early is not None:
        return too_early
    needed = ctx.integer("scale_up_award", "consecutive_years")
    if not years.get(reported_year, False):
        return ctx.refuse(
            f"{reported_year} is below scale", zh=f"{reported_year}年未达规模以上", code="below_scale", dedup_key=key
        )
    start = reported_year
    while years.get(start - 1) is True:
        start -= 1
    run = reported_year - start + 1
    ctx.step(
        f"consecutive above-scale years {start}-{reported_year}: {run}",
        zh=f"{start}—{reported_year}年连续规模以上：{run}年",
    )
    if years.get(start - 1) is not False:
        return ctx.refuse(
            f"no below-scale year reported before {start}: not a move above scale",
            zh=f"{start}年之前无规模以下年度记录：不属于升规",
            code="no_move",
            dedup_key=key,
        )
    earliest = ctx.integer("scale_up_award", "earliest_upgrade_year")
    if start < earliest:
        return ctx.refuse(
            f"moved above scale in {start}, before {earliest}",
            zh=f"{start}年升规，早于{earliest}年",
            code="before_policy",
            dedup_key=key,
        )
    if run < needed:
        return ctx.refuse(
            f"{run} consecutive above-scale year(s); the award needs {needed}",
            zh=f"连续规模以上{run}年，奖励须连续{needed}年",
            code="run_too_short",
            dedup_key=key,
        )
    not_sme = facts.not_sme_on(date(start, 12, 31))
    if not_sme:
        return ctx.refuse(not_sme, zh=facts.not_sme_on_zh(date(start, 12, 31)), code=NOT_SME, dedup_key=key)
    amount = ctx.yuan("scale_up_award", "amount")
    ctx.step(
        f"below scale in {start - 1}, above scale {start}-{start + needed - 1}: one-time award {yuan(amount)}",
        zh=f"{start - 1}年规模以下，{start}—{start + needed - 1}年连续规模以上：一次性奖励金额 = {yuan(amount)}元",
    )
    return ctx.decide(amount, dedup_key=key)
