"""A3.rent (rent subsidy for three consecutive years) and A3.land (land-supply priority, a flag)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from zjtx.awards.rules.facts import LITTLE_GIANT_OR_CHAMPION, EnterpriseFacts
from zjtx.common.parameters import ParameterFile
from zjtx.common.reference import cluster_zh, tier_zh
from zjtx.common.rules import Decision, RuleContext, percentage_of, yuan

PREMISES_USES = ("research", "production")


def rent_key(uscc: str, year: int) -> str:
    return f"A3.rent:{uscc}:{year}"


def rent_year_refusal(
    ctx: RuleContext, facts: EnterpriseFacts, *, year: int, premises_use: str, key: str
) -> Decision | None:
    """What makes a year's claim ineligible on its own (before any run is considered): before the policy,
    premises other than research or production, no qualifying recognition valid during the year, or one
    revoked during it (RULES decision). None when the year holds."""
    too_early = ctx.refuse_before_policy(dedup_key=key)
    if too_early is not None:
        return too_early
    if premises_use not in PREMISES_USES:
        return ctx.refuse(
            "A3.rent covers premises rented for research or production",
            zh="A3.rent仅补贴租用的研发或生产用房",
            code="premises_use",
            dedup_key=key,
        )
    held = facts.holds_during(LITTLE_GIANT_OR_CHAMPION, year)
    if not held:
        return ctx.refuse(
            f"no valid national/regional little-giant or single-champion recognition in {year}",
            zh=f"{year}年未持有有效的国家级或自治区级“小巨人”、单项冠军认定",
            code="not_recognised",
            dedup_key=key,
        )
    revoked = [r for r in facts.recognitions if r.tier in LITTLE_GIANT_OR_CHAMPION and r.revoked_during(year)]
    if revoked:
        return ctx.refuse(
            f"recognition {revoked[0].tier} revoked on {revoked[0].revoked_on}, during {year}",
            zh=f"认定（{tier_zh(revoked[0].tier)}）已于{year}年内的{revoked[0].revoked_on}撤销",
            code="revoked",
            dedup_key=key,
        )
    ctx.inputs(recognition=f"{held[0].tier} {held[0].recognized_on}..{held[0].expires_on}")
    return None


def rent_year_holds(facts: EnterpriseFacts, *, year: int, premises_use: str, parameters: ParameterFile) -> bool:
    """Whether a year's claim meets the conditions of its own year (see rent_year_refusal)."""
    ctx = RuleContext("A3.rent", parameters, date(year, 12, 31))
    return rent_year_refusal(ctx, facts, year=year, premises_use=premises_use, key="") is None


def rent_run(claimed_years: Collection[int], years: int) -> list[int]:
    """RULES decision: the run is the first `years` consecutive calendar years in which the enterprise was
    eligible and claimed; a year without such a claim ends it."""
    if not claimed_years:
        return []
    run = [min(claimed_years)]
    while len(run) < years and run[-1] + 1 in claimed_years:
        run.append(run[-1] + 1)
    return run


def rent_subsidy(
    facts: EnterpriseFacts,
    *,
    year: int,
    rent_fen: int,
    premises_use: str,
    eligible_years: Collection[int],
    parameters: ParameterFile,
) -> Decision:
    """A3.rent: 30% of the rent actually paid, capped at 1,000,000 a year, for the years of the run.
    `eligible_years`: the years of the enterprise's claims that hold on their own (rent_year_holds),
    this one's included when it holds; the run is decided from them, whatever order they came in."""
    ctx = RuleContext("A3.rent", parameters, date(year, 12, 31))
    ctx.inputs(uscc=facts.uscc, year=year, rent_paid=yuan(rent_fen), premises_use=premises_use)
    key = rent_key(facts.uscc, year)
    refused = rent_year_refusal(ctx, facts, year=year, premises_use=premises_use, key=key)
    if refused is not None:
        return refused
    years = ctx.integer("rent_subsidy", "years")
    claimed = sorted(set(eligible_years) | {year})
    ctx.inputs(claimed_years=claimed)
    run = rent_run(claimed, years)
    if year not in run:
        if len(run) == years:
            reason = f"the {years} consecutive years run {run[0]}-{run[-1]}; {year} is outside them"
            reason_zh = f"连续{years}年为{run[0]}—{run[-1]}年，{year}年不在其内"
        else:
            reason = f"no subsidy claimed for {run[-1] + 1}: the consecutive run ended"
            reason_zh = f"{run[-1] + 1}年未申请补贴：连续年度已中断"
        return ctx.refuse(reason, zh=reason_zh, code="outside_run", dedup_key=key)
    if year == run[0]:
        ctx.step(f"first subsidised year: year 1 of {years}", zh=f"首个补贴年度：连续{years}年中的第1年")
    else:
        ctx.step(
            f"year {year - run[0] + 1} of {years} consecutive years from {run[0]}",
            zh=f"自{run[0]}年起连续{years}年中的第{year - run[0] + 1}年",
        )
    rate, cap = ctx.rate("rent_subsidy", "rate"), ctx.yuan("rent_subsidy", "cap_per_year")
    computed = percentage_of(rent_fen, rate)
    ctx.step(
        f"{rate:%} × {yuan(rent_fen)} = {yuan(computed)}",
        zh=f"按实际支付租金的{rate:%}补贴：{rate:%} × {yuan(rent_fen)}元 = {yuan(computed)}元",
    )
    if computed > cap:
        ctx.cap(
            f"{yuan(computed)} > yearly cap {yuan(cap)}: capped at {yuan(cap)}",
            zh=f"{yuan(computed)}元 > 年度上限{yuan(cap)}元：按上限{yuan(cap)}元核定",
        )
        computed = cap
    else:
        ctx.cap(
            f"{yuan(computed)} ≤ yearly cap {yuan(cap)}: not capped",
            zh=f"{yuan(computed)}元 ≤ 年度上限{yuan(cap)}元：未超上限",
        )
    return ctx.decide(computed, dedup_key=key)


@dataclass(frozen=True)
class LandPriority:
    eligible: bool
    tiers: list[str]
    reasons: list[str]
    # The same reasons for a Chinese reader, one per English one.
    reasons_zh: list[str]
    rule: str = "A3.land"

    def reasons_in(self, language: str) -> list[str]:
        return self.reasons_zh if language.startswith("zh") else self.reasons


def land_priority(facts: EnterpriseFacts, *, on: date, project_cluster: str | None = None) -> LandPriority:
    """A3.land: national/regional little giants and single champions investing in six-cluster projects get
    priority in the land-supply plan: a flag, no money. RULES decision: the cluster that counts is the
    project's, so the decision is per project (its cluster and date); without a project, whether the
    enterprise holds one of the tiers on `on`."""
    held = sorted({r.tier for r in facts.holds(LITTLE_GIANT_OR_CHAMPION, on)})
    reasons, reasons_zh = [], []
    if not held:
        reasons.append(f"no valid national/regional little-giant or single-champion recognition on {on}")
        reasons_zh.append(f"{on}未持有有效的国家级或自治区级“小巨人”、单项冠军认定")
    tiers = ", ".join(held)
    tiers_zh = "、".join(tier_zh(tier) for tier in held)
    if project_cluster is None:
        if held:
            reasons.append(f"holds {tiers} on {on}: each six-cluster project has priority")
            reasons_zh.append(f"{on}持有{tiers_zh}认定：投资六大产业集群项目的，优先安排用地")
        return LandPriority(eligible=bool(held), tiers=held, reasons=reasons, reasons_zh=reasons_zh)
    if held:
        reasons.append(f"holds {tiers} on {on} and the project is in the cluster {project_cluster}")
        reasons_zh.append(f"{on}持有{tiers_zh}认定，且项目属于{cluster_zh(project_cluster)}产业集群")
    return LandPriority(eligible=bool(held), tiers=held, reasons=reasons, reasons_zh=reasons_zh)
