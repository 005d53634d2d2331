"""The policy calculator: an enterprise profile and hypothetical claims in, every award the rules would
grant out, each with its explanation and F.1 split. It runs the live service's decision procedure
(zjtx.awards.rules.procedure) on the profile, so the same facts give the same awards to the fen; it holds
no rule of its own and stores nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.readmodel import repository as views
from zjtx.awards.rules.facts import EnterpriseFacts
from zjtx.awards.rules.funding import FundingShare, split_funding
from zjtx.awards.rules.premises import LandPriority, land_priority
from zjtx.awards.rules.procedure import ClaimFact, Decided, decide_enterprise
from zjtx.awards.simulate import repository
from zjtx.awards.simulate.overrides import AppliedOverride, Override, mark_overridden_reads, overridden
from zjtx.awards.simulate.profile import build_facts
from zjtx.awards.simulate.schemas import SimulationRequest
from zjtx.common.parameters import ParameterFile
from zjtx.common.reference import Reference
from zjtx.common.rules import RuleContext
from zjtx.common.uscc import normalise_uscc


@dataclass(frozen=True)
class SimulatedDecision:
    source: str
    rule: str
    eligible: bool
    amount_fen: int
    reason: str | None
    reason_code: str | None
    reference_date: date
    parameters_version: str
    explanation: dict[str, Any]
    funding: list[FundingShare]
    reason_zh: str | None = None


@dataclass(frozen=True)
class ProjectPriority:
    on: date
    flag: LandPriority


@dataclass(frozen=True)
class Simulation:
    uscc: str | None
    district_code: str
    as_of: date
    parameters_version: str
    overrides: list[AppliedOverride]
    decisions: list[SimulatedDecision]
    land_priority: LandPriority
    land_projects: list[ProjectPriority]

    @property
    def total_fen(self) -> int:
        return sum(d.amount_fen for d in self.decisions if d.eligible)

    def funding_totals(self) -> list[FundingShare]:
        totals: dict[str, int] = {}
        for decision in self.decisions:
            for share in decision.funding:
                totals[share.funder] = totals.get(share.funder, 0) + share.amount_fen
        return [FundingShare(funder, amount) for funder, amount in totals.items()]


async def simulate(
    session: AsyncSession, request: SimulationRequest, *, parameters: ParameterFile, reference: Reference, today: date
) -> Simulation:
    """Every award the profile and the claims would bring (A1.1, A1.2, A1.3, A4.1, A2.1, A2.2, A3.rent,
    A6.1), the A3.land flags and the F.1 split, under the parameters with any overrides, decided as the
    live service decides them on `as_of`. With a `uscc` the service knows, every part of the profile not
    given (its claims and land-use projects too) is what the read model holds: the enterprise as it is."""
    as_of = request.as_of or today
    what_if, applied = overridden(
        parameters, (Override(o.name, o.key, o.value) for o in request.parameter_overrides), on=as_of
    )
    known = await views.enterprise_facts(session, normalise_uscc(request.uscc)) if request.uscc else None
    facts = build_facts(request, reference=reference, parameters=what_if, as_of=as_of, known=known)
    given = request.model_fields_set
    if known is not None and "claims" not in given:
        claims = (await repository.claims_of(session, [known.uscc]))[known.uscc]
    else:
        claims = [ClaimFact(f"claims[{i}]", claim, (i,)) for i, claim in enumerate(request.claims)]
    projects = request.land_projects
    if known is not None and "land_projects" not in given:
        projects = await repository.land_projects_of(session, known.uscc)
    decided = decide_enterprise(facts, claims, parameters=what_if, today=as_of)
    return Simulation(
        uscc=facts.uscc if request.uscc else None,
        district_code=facts.district_code,
        as_of=as_of,
        parameters_version=what_if.version,
        overrides=applied,
        decisions=[_result(d, facts, what_if, applied) for d in decided],
        land_priority=land_priority(facts, on=as_of),
        land_projects=[_project(facts, p, what_if) for p in projects],
    )


def _result(
    decided: Decided, facts: EnterpriseFacts, parameters: ParameterFile, applied: list[AppliedOverride]
) -> SimulatedDecision:
    decision = decided.decision
    funding = (
        split_funding(
            decision.amount_fen, district_code=facts.district_code, on=decision.reference_date, parameters=parameters
        )
        if decision.eligible
        else []
    )
    return SimulatedDecision(
        source="scale_reports" if decided.source.startswith("scale:") else decided.source,
        rule=decision.rule,
        eligible=decision.eligible,
        amount_fen=decision.amount_fen if decision.eligible else 0,
        reason=decision.reason,
        reason_code=decision.reason_code,
        reference_date=decision.reference_date,
        parameters_version=decision.parameters_version,
        explanation=mark_overridden_reads(decision.explanation.as_dict(), applied),
        funding=funding,
        reason_zh=decision.reason_zh,
    )


def _project(facts: EnterpriseFacts, project, parameters: ParameterFile) -> ProjectPriority:
    ctx = RuleContext("A3.land", parameters, project.dated_on)
    too_early = ctx.before_policy()
    if too_early:
        flag = LandPriority(eligible=False, tiers=[], reasons=[too_early], reasons_zh=[ctx.before_policy_zh() or ""])
        return ProjectPriority(project.dated_on, flag)
    return ProjectPriority(project.dated_on, land_priority(facts, on=project.dated_on, project_cluster=project.cluster))
