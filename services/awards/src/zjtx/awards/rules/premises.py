"""A3.rent (rent subsidy for three consecutive years) and A3.land (land-supply priority, a flag)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zjtx.awards.rules.facts import LITTLE_GIANT_OR_CHAMPION, EnterpriseFacts
from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Decision, RuleContext, percentage_of, yuan

PREMISES_USES = ("research", "production")


def rent_subsidy(
    facts: EnterpriseFacts,
    *,
    year: int,
    rent_fen: int,
    premises_use: str,
    subsidised_years: list[int],
    parameters: ParameterFile,
) -> Decision:
    """A3.rent: 30% of the rent actually paid, capped at 1,000,000 a year, for 3 consecutive years from
    the first subsidised year; a year with no claim ends the run (RULES decision)."""
    ctx = RuleContext("A3.rent", parameters, date(year, 12, 31))
    ctx.inputs(
        uscc=facts.uscc,
        year=year,
        rent_paid=yuan(rent_fen),
        premises_use=premises_use,
        subsidised_years=sorted(subsidised_years),
    )
    key = f"A3.rent:{facts.uscc}:{year}"
    if premises_use not in PREMISES_USES:
        return ctx.refuse("A3.rent covers premises rented for research or production", dedup_key=key)
    held = facts.holds_during(LITTLE_GIANT_OR_CHAMPION, year)
    if not held:
        return ctx.refuse(
            f"no valid national/regional little-giant or single-champion recognition in {year}", dedup_key=key
        )
    ctx.inputs(recognition=f"{held[0].tier} {held[0].recognized_on}..{held[0].expires_on}")
    years = ctx.integer("rent_subsidy", "years")
    if subsidised_years:
        first = min(subsidised_years)
        run = [first + i for i in range(years)]
        if year < first:
            return ctx.refuse(f"the run of subsidised years began in {first}", dedup_key=key)
        if year not in run:
            return ctx.refuse(
                f"the {years} consecutive years run {run[0]}-{run[-1]}; {year} is outside them", dedup_key=key
            )
        missing = [y for y in range(first, year) if y not in subsidised_years]
        if missing:
            return ctx.refuse(f"no subsidy claimed for {missing[0]}: the consecutive run ended", dedup_key=key)
        ctx.step(f"year {year - first + 1} of {years} consecutive years from {first}")
    else:
        ctx.step(f"first subsidised year: year 1 of {years}")
    rate, cap = ctx.rate("rent_subsidy", "rate"), ctx.yuan("rent_subsidy", "cap_per_year")
    computed = percentage_of(rent_fen, rate)
    ctx.step(f"{rate:%} × {yuan(rent_fen)} = {yuan(computed)}")
    if computed > cap:
        ctx.cap(f"{yuan(computed)} > yearly cap {yuan(cap)}: capped at {yuan(cap)}")
        computed = cap
    else:
        ctx.cap(f"{yuan(computed)} ≤ yearly cap {yuan(cap)}: not capped")
    return ctx.decide(computed, dedup_key=key)


@dataclass(frozen=True)
class LandPriority:
    eligible: bool
    tiers: list[str]
    reasons: list[str]
    rule: str = "A3.land"


def land_priority(facts: EnterpriseFacts, *, on: date) -> LandPriority:
    """A3.land: national/regional little giants and single champions investing in six-cluster projects
    get priority in the land-supply plan: a flag, no money."""
    held = sorted({r.tier for r in facts.holds(LITTLE_GIANT_OR_CHAMPION, on)})
    reasons = []
    if not held:
        reasons.append(f"no valid national/regional little-giant or single-champion recognition on {on}")
    if facts.cluster is None:
        reasons.append("not in one of the six clusters")
    if not reasons:
        reasons.append(f"holds {', '.join(held)} and works in the cluster {facts.cluster}")
    return LandPriority(eligible=bool(held) and facts.cluster is not None, tiers=held, reasons=reasons)
