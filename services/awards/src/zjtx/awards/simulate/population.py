"""What a change of parameters would cost over every enterprise the service knows, beside what the
parameters as they are cost: the live decision procedure run twice on each enterprise's read model and
stored claims, in one pass over the read model in batches (memory and statements bounded by the batch, not
the population). It stores nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.readmodel import repository as views
from zjtx.awards.rules.facts import EnterpriseFacts
from zjtx.awards.rules.funding import CITY, split_funding
from zjtx.awards.rules.procedure import GROUP_OF_RULE, ClaimFact, decide_enterprise
from zjtx.awards.simulate import repository
from zjtx.awards.simulate.overrides import AppliedOverride, Override, overridden
from zjtx.common.errors import Unprocessable
from zjtx.common.parameters import ParameterFile

# Enterprises read and decided at a time: seven statements each batch (the read model and the claims).
BATCH = 500
RULE_ORDER = tuple(GROUP_OF_RULE)


class YearInFuture(Unprocessable):
    code, title = "year_in_future", "The year has not begun: there is nothing to cost yet"


@dataclass
class Tally:
    """The eligible awards of the year: count and fen by rule, fen by funder."""

    count: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    by_funder: Counter[str] = field(default_factory=Counter)

    @property
    def total_fen(self) -> int:
        return sum(self.by_rule.values())

    def rules(self) -> list[tuple[str, int, int]]:
        return [(rule, self.count[rule], self.by_rule[rule]) for rule in RULE_ORDER if self.count[rule]]

    def funders(self) -> list[str]:
        return funders_in_order(self.by_funder)


@dataclass(frozen=True)
class PopulationCost:
    year: int
    as_of: date
    enterprises: int
    parameters_version: str
    overrides: list[AppliedOverride]
    today: Tally
    what_if: Tally


def funders_in_order(*tallies: Counter[str]) -> list[str]:
    """`city` first, then the districts and zones in code order."""
    names = {name for tally in tallies for name in tally}
    return sorted(names, key=lambda name: (name != CITY, name))


async def cost_population(
    session: AsyncSession,
    *,
    year: int,
    overrides: list[Override],
    parameters: ParameterFile,
    today: date,
    batch: int = BATCH,
) -> PopulationCost:
    """F.1 and every enterprise rule (A1.1, A1.2, A1.3, A4.1, A2.1, A2.2, A3.rent, A6.1): the eligible
    awards whose reference date falls in `year`, decided on as_of (the year's last day, or today if
    earlier) with the parameters as they are and with the overrides, by rule and by funder, to the fen."""
    if year > today.year:
        raise YearInFuture(f"{year} has not begun (today is {today})", detail_zh=f"{year}年尚未开始（今天是{today}）")
    as_of = min(today, date(year, 12, 31))
    what_if, applied = overridden(parameters, overrides, on=as_of)
    now, then = Tally(), Tally()
    enterprises, after = 0, None
    while usccs := await repository.usccs_after(session, after, limit=batch):
        after = usccs[-1]
        facts = await views.facts_of(session, usccs)
        claims = await repository.claims_of(session, usccs)
        for uscc in usccs:
            if uscc not in facts:
                continue
            enterprises += 1
            _tally(now, facts[uscc], claims[uscc], parameters, as_of, year)
            _tally(then, facts[uscc], claims[uscc], what_if, as_of, year)
        # Rows of this batch are not needed again: keep the session's identity map from growing.
        session.expunge_all()
    return PopulationCost(year, as_of, enterprises, what_if.version, applied, now, then)


def _tally(
    tally: Tally,
    facts: EnterpriseFacts,
    claims: list[ClaimFact],
    parameters: ParameterFile,
    as_of: date,
    year: int,
) -> None:
    for decided in decide_enterprise(facts, claims, parameters=parameters, today=as_of):
        decision = decided.decision
        if not decision.eligible or decision.amount_fen <= 0 or decision.reference_date.year != year:
            continue
        tally.count[decision.rule] += 1
        tally.by_rule[decision.rule] += decision.amount_fen
        for share in split_funding(
            decision.amount_fen, district_code=facts.district_code, on=decision.reference_date, parameters=parameters
        ):
            tally.by_funder[share.funder] += share.amount_fen
