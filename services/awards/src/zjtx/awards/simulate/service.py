"""The policy calculator: an enterprise profile and hypothetical claims in, every award the rules would
grant out, each with its explanation and F.1 split. It calls the same rule functions as the event
intake and the claims; it holds no rule of its own and stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zjtx.awards.claim.decide import decide_claim
from zjtx.awards.rules import recognition as recognition_rules
from zjtx.awards.rules.facts import EnterpriseFacts, RecognitionFact
from zjtx.awards.rules.funding import FundingShare, split_funding
from zjtx.awards.rules.premises import LandPriority, land_priority
from zjtx.awards.rules.scale_up import scale_up_award
from zjtx.awards.simulate.overrides import AppliedOverride, Override, mark_overridden_reads, overridden
from zjtx.awards.simulate.profile import build_facts
from zjtx.awards.simulate.schemas import (
    SimulatedClaim,
    SimulationRequest,
    TradeFairClaimIn,
    UpgradeClaimIn,
)
from zjtx.common.parameters import ParameterFile, ParameterNotInForce
from zjtx.common.reference import Reference
from zjtx.common.rules import Decision

# The recognitions that grant an award without application, as the event intake dispatches them.
RECOGNITION_RULES = {
    "municipal_zjtx": ("A1.1", recognition_rules.municipal_recognition_award),
    "national_little_giant": ("A1.2", recognition_rules.national_little_giant_award),
}


@dataclass(frozen=True)
class SimulatedDecision:
    source: str
    rule: str
    eligible: bool
    amount_fen: int
    reason: str | None
    reference_date: date
    parameters_version: str
    explanation: dict[str, Any]
    funding: list[FundingShare]


@dataclass(frozen=True)
class Simulation:
    uscc: str | None
    district_code: str
    as_of: date
    parameters_version: str
    overrides: list[AppliedOverride]
    decisions: list[SimulatedDecision]
    land_priority: LandPriority

    @property
    def total_fen(self) -> int:
        return sum(d.amount_fen for d in self.decisions if d.eligible)

    def funding_totals(self) -> list[FundingShare]:
        totals: dict[str, int] = {}
        for decision in self.decisions:
            for share in decision.funding:
                totals[share.funder] = totals.get(share.funder, 0) + share.amount_fen
        return [FundingShare(funder, amount) for funder, amount in totals.items()]


@dataclass
class _Run:
    """What earlier decisions of the same simulation leave for later ones, as the database would: the
    dedup keys taken, the rent years subsidised, the trade-fair amounts used per year."""

    facts: EnterpriseFacts
    parameters: ParameterFile
    awarded: dict[str, str] = field(default_factory=dict)  # dedup key -> source
    rent_years: list[int] = field(default_factory=list)
    trade_fair_fen: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Step:
    on: date
    source: str
    rule: str
    decide: Callable[[_Run], Decision]


def simulate(request: SimulationRequest, *, parameters: ParameterFile, reference: Reference, today: date) -> Simulation:
    """Every award the profile and the claims would bring (A1.1, A1.2, A1.3, A4.1, A2.1, A2.2, A3.rent,
    A6.1), the A3.land flag on `as_of` and the F.1 split, under the parameters with any overrides."""
    as_of = request.as_of or today
    what_if, applied = overridden(
        parameters, (Override(o.name, o.key, o.value) for o in request.parameter_overrides), on=as_of
    )
    facts = build_facts(request, reference=reference, parameters=what_if, as_of=as_of)
    run = _Run(facts=facts, parameters=what_if)
    # In date order, as events and claims would arrive: an earlier award is what a later one sees.
    steps = sorted(_profile_steps(facts, what_if) + _claim_steps(request.claims), key=lambda s: s.on)
    decisions = [_evaluate(run, step, applied) for step in steps]
    return Simulation(
        uscc=facts.uscc if request.uscc else None,
        district_code=facts.district_code,
        as_of=as_of,
        parameters_version=what_if.version,
        overrides=applied,
        decisions=decisions,
        land_priority=land_priority(facts, on=as_of),
    )


def _profile_steps(facts: EnterpriseFacts, parameters: ParameterFile) -> list[_Step]:
    steps = []
    for i, recognition in enumerate(facts.recognitions):
        if recognition.tier in RECOGNITION_RULES:
            rule_id, rule = RECOGNITION_RULES[recognition.tier]
            steps.append(_Step(recognition.recognized_on, f"recognitions[{i}]", rule_id, _bind(rule, recognition)))
    for i, relocation in enumerate(facts.relocations):
        steps.append(
            _Step(
                relocation.moved_in_on,
                f"relocations[{i}]",
                "A1.3",
                lambda run, r=relocation: recognition_rules.relocation_award(run.facts, r, run.parameters),
            )
        )
    if facts.scale_years:
        year = _scale_up_year(facts, parameters)
        steps.append(
            _Step(
                date(year, 12, 31),
                "scale_reports",
                "A4.1",
                lambda run: scale_up_award(run.facts, reported_year=year, parameters=run.parameters),
            )
        )
    return steps


def _bind(rule, recognition: RecognitionFact) -> Callable[[_Run], Decision]:
    return lambda run: rule(run.facts, recognition, run.parameters)


def _scale_up_year(facts: EnterpriseFacts, parameters: ParameterFile) -> int:
    """The year A4.1 is decided for, as the intake does: the first above-scale year that completes a run;
    with none, the last year reported, whose refusal says why."""
    for year in sorted(y for y, above in facts.scale_years.items() if above):
        try:
            if scale_up_award(facts, reported_year=year, parameters=parameters).eligible:
                return year
        except ParameterNotInForce:
            continue
    return max(facts.scale_years)


def _claim_steps(claims: list[SimulatedClaim]) -> list[_Step]:
    return [_Step(_claim_date(claim), f"claims[{i}]", claim.rule, _claim_rule(claim)) for i, claim in enumerate(claims)]


def _claim_date(claim: SimulatedClaim) -> date:
    match claim:
        case UpgradeClaimIn():
            return claim.completed_on
        case TradeFairClaimIn():
            return claim.held_on
        case _:
            return date(claim.year, 12, 31)


def _claim_rule(claim: SimulatedClaim) -> Callable[[_Run], Decision]:
    """The claim's rule, fed what the run's earlier awards left, as the claims service reads it from storage."""
    return lambda run: decide_claim(
        run.facts, claim, parameters=run.parameters, rent_years=run.rent_years, trade_fair_used_fen=run.trade_fair_fen
    )


def _evaluate(run: _Run, step: _Step, applied: list[AppliedOverride]) -> SimulatedDecision:
    try:
        decision = step.decide(run)
        funding = _funding(run, decision)
    except ParameterNotInForce as exc:
        reason = f"{exc}: the policy did not apply then"
        return SimulatedDecision(
            step.source,
            step.rule,
            False,
            0,
            reason,
            step.on,
            run.parameters.version,
            {"rule": step.rule, "reasons": [reason]},
            [],
        )
    explanation = mark_overridden_reads(decision.explanation.as_dict(), applied)
    first = run.awarded.get(decision.dedup_key or "")
    if decision.eligible and first is not None:
        # What the unique dedup key does in the database: the same facts never make a second award.
        reason = f"already awarded for the same facts ({decision.rule}): {first}"
        explanation["reasons"] = [*explanation["reasons"], reason]
        return _result(step, decision, explanation, eligible=False, reason=reason, funding=[])
    if decision.eligible:
        _remember(run, step.source, decision)
    return _result(step, decision, explanation, eligible=decision.eligible, reason=decision.reason, funding=funding)


def _funding(run: _Run, decision: Decision) -> list[FundingShare]:
    if not decision.eligible:
        return []
    return split_funding(
        decision.amount_fen,
        district_code=run.facts.district_code,
        on=decision.reference_date,
        parameters=run.parameters,
    )


def _result(
    step: _Step,
    decision: Decision,
    explanation: dict[str, Any],
    *,
    eligible: bool,
    reason: str | None,
    funding: list[FundingShare],
) -> SimulatedDecision:
    return SimulatedDecision(
        source=step.source,
        rule=decision.rule,
        eligible=eligible,
        amount_fen=decision.amount_fen if eligible else 0,
        reason=reason,
        reference_date=decision.reference_date,
        parameters_version=decision.parameters_version,
        explanation=explanation,
        funding=funding,
    )


def _remember(run: _Run, source: str, decision: Decision) -> None:
    if decision.dedup_key:
        run.awarded[decision.dedup_key] = source
    if decision.rule == "A3.rent":
        run.rent_years.append(decision.reference_date.year)
    elif decision.rule == "A6.1":
        year = decision.reference_date.year
        run.trade_fair_fen[year] = run.trade_fair_fen.get(year, 0) + decision.amount_fen
