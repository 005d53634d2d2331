from __future__ import annotations

from zjtx.awards.deps import ReadContext
from zjtx.awards.errors import EnterpriseNotFound, ParameterMissing, YearNotEnded
from zjtx.awards.land_priority.schemas import LandPriorityFlag
from zjtx.awards.simulate import population, service
from zjtx.awards.simulate.overrides import InvalidOverride, Override, UnknownParameter, show_figure
from zjtx.awards.simulate.population import YearInFuture
from zjtx.awards.simulate.profile import (
    DateAfterAsOf,
    ExpiryBeforeRecognition,
    ExpiryRequired,
    ProfileConflict,
    ScaleYearRepeated,
    SizeDateRepeated,
    UnknownCluster,
    UnknownDistrict,
)
from zjtx.awards.simulate.schemas import (
    AppliedOverrideRead,
    Cost,
    FunderChange,
    PopulationRead,
    PopulationRequest,
    RuleCost,
    SimulatedAward,
    SimulationRead,
    SimulationRequest,
)
from zjtx.common.money import format_fen
from zjtx.common.rules import localised
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.funding import FundingRead
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.routing import Router, problems

router = Router(prefix="/v1/simulate", tags=["policy calculator"])


# It reads the read model (for a known uscc) and writes nothing.
@router.post(
    "",
    response_model=SimulationRead,
    summary="The policy calculator: every award a profile and hypothetical claims would bring; nothing is stored",
    responses=problems(
        EnterpriseNotFound,
        UnknownDistrict,
        UnknownCluster,
        DateAfterAsOf,
        ExpiryBeforeRecognition,
        ExpiryRequired,
        ScaleYearRepeated,
        SizeDateRepeated,
        ProfileConflict,
        YearNotEnded,
        InvalidUSCC,
        UnknownParameter,
        InvalidOverride,
        ParameterMissing,
    ),
)
async def simulate(body: SimulationRequest, ctx: ReadContext, language: ReaderLanguage) -> SimulationRead:
    """An enterprise profile (district, cluster, size over time, recognitions, relocations, scale reports)
    and hypothetical claims in; every award the rules would grant on `as_of` out (A1.1, A1.2, A1.3, A4.1,
    A2.1, A2.2, A3.rent, A6.1), eligible or not, each with its explanation and F.1 split, and the A3.land
    flags. It runs the live service's decision procedure, so the same facts give the same awards to the fen;
    `parameter_overrides` asks what-if questions. With only a `uscc` the service knows, the profile is the
    enterprise as its read model holds it (sizes, recognitions, relocations, scale reports, credit lists,
    stored claims and land-use projects); any part given replaces the read model's. An unknown `uscc` with
    no `district_code` is `enterprise_not_found`. Nothing is written."""
    result = await service.simulate(
        ctx.session, body, parameters=ctx.parameters, reference=ctx.reference, today=ctx.today()
    )
    return SimulationRead(
        uscc=result.uscc,
        district_code=result.district_code,
        as_of=result.as_of,
        parameters_version=result.parameters_version,
        overrides=[_override(o) for o in result.overrides],
        awards=[
            SimulatedAward(
                source=d.source,
                rule=d.rule,
                eligible=d.eligible,
                amount=d.amount_fen,
                reason=(d.reason_zh if language.startswith("zh") else None) or d.reason,
                reason_code=d.reason_code,
                reference_date=d.reference_date,
                parameters_version=d.parameters_version,
                explanation=localised(d.explanation, language),
                funding=FundingRead.of(d.funding),
            )
            for d in result.decisions
        ],
        total=result.total_fen,
        funding=FundingRead.of(result.funding_totals()),
        land_priority=LandPriorityFlag(
            on=result.as_of,
            eligible=result.land_priority.eligible,
            tiers=result.land_priority.tiers,
            reasons=result.land_priority.reasons_in(language),
        ),
        land_projects=[
            LandPriorityFlag(on=p.on, eligible=p.flag.eligible, tiers=p.flag.tiers, reasons=p.flag.reasons_in(language))
            for p in result.land_projects
        ],
    )


@router.post(
    "/population",
    response_model=PopulationRead,
    summary="What a change of parameters would cost over every enterprise known, beside today's cost; "
    "nothing is stored",
    responses=problems(YearInFuture, UnknownParameter, InvalidOverride, ParameterMissing),
)
async def simulate_population(body: PopulationRequest, ctx: ReadContext) -> PopulationRead:
    """Every enterprise the service knows (its read model and stored claims), decided by the live decision
    procedure twice: with the parameters as they are and with `parameter_overrides`. The eligible awards
    whose reference date falls in `year` are summed by rule and by funder (F.1: the city and each district
    or zone), to the fen, with the change. One pass over the read model in batches; nothing is written."""
    result = await population.cost_population(
        ctx.session,
        year=body.year,
        overrides=[Override(o.name, o.key, o.value) for o in body.parameter_overrides],
        parameters=ctx.parameters,
        today=ctx.today(),
    )
    funders = population.funders_in_order(result.today.by_funder, result.what_if.by_funder)
    return PopulationRead(
        year=result.year,
        as_of=result.as_of,
        enterprises=result.enterprises,
        parameters_version=result.parameters_version,
        overrides=[_override(o) for o in result.overrides],
        today=_cost(result.today),
        what_if=_cost(result.what_if),
        change=_signed(result.what_if.total_fen - result.today.total_fen),
        change_by_funder=[
            FunderChange(funder=f, change=_signed(result.what_if.by_funder[f] - result.today.by_funder[f]))
            for f in funders
        ],
    )


def _cost(tally: population.Tally) -> Cost:
    return Cost(
        total=tally.total_fen,
        awards=sum(tally.count.values()),
        by_rule=[RuleCost(rule=rule, awards=n, amount=fen) for rule, n, fen in tally.rules()],
        by_funder=[FundingRead(funder=f, amount=tally.by_funder[f]) for f in tally.funders()],
    )


def _override(o) -> AppliedOverrideRead:
    return AppliedOverrideRead(
        name=o.reference,
        value=show_figure(o.value),
        original_value=show_figure(o.original_value),
        valid_from=o.valid_from,
        rule=o.rule,
    )


def _signed(fen: int) -> str:
    return ("-" if fen < 0 else "") + format_fen(abs(fen))
