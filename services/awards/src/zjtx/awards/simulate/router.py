from __future__ import annotations

from fastapi import Depends, Request

from zjtx.awards.award.schemas import FundingRead
from zjtx.awards.errors import ParameterMissing, YearNotEnded
from zjtx.awards.land_priority.schemas import LandPriorityFlag
from zjtx.awards.simulate import service
from zjtx.awards.simulate.overrides import InvalidOverride, UnknownParameter, show_figure
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
from zjtx.awards.simulate.schemas import AppliedOverrideRead, SimulatedAward, SimulationRead, SimulationRequest
from zjtx.common.clock import today
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.auth import Client, require
from zjtx.common.web.routing import Router, problems

router = Router(prefix="/v1/simulate", tags=["policy calculator"])


# No database session: the calculator reads nothing stored and writes nothing.
@router.post(
    "",
    response_model=SimulationRead,
    summary="The policy calculator: every award a profile and hypothetical claims would bring; nothing is stored",
    responses=problems(
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
async def simulate(
    body: SimulationRequest, request: Request, _client: Client = Depends(require("awards:read"))
) -> SimulationRead:
    """An enterprise profile (district, cluster, size over time, recognitions, relocations, scale reports)
    and hypothetical claims in; every award the rules would grant on `as_of` out (A1.1, A1.2, A1.3, A4.1,
    A2.1, A2.2, A3.rent, A6.1), eligible or not, each with its explanation and F.1 split, and the A3.land
    flags. It runs the live service's decision procedure, so the same facts give the same awards to the fen;
    `parameter_overrides` asks what-if questions. Nothing is read from or written to the database."""
    state = request.app.state
    result = service.simulate(body, parameters=state.parameters, reference=state.reference, today=today(state.clock))
    return SimulationRead(
        uscc=result.uscc,
        district_code=result.district_code,
        as_of=result.as_of,
        parameters_version=result.parameters_version,
        overrides=[
            AppliedOverrideRead(
                name=o.reference,
                value=show_figure(o.value),
                original_value=show_figure(o.original_value),
                valid_from=o.valid_from,
                rule=o.rule,
            )
            for o in result.overrides
        ],
        awards=[
            SimulatedAward(
                source=d.source,
                rule=d.rule,
                eligible=d.eligible,
                amount=d.amount_fen,
                reason=d.reason,
                reason_code=d.reason_code,
                reference_date=d.reference_date,
                parameters_version=d.parameters_version,
                explanation=d.explanation,
                funding=[FundingRead(funder=s.funder, amount=s.amount_fen) for s in d.funding],
            )
            for d in result.decisions
        ],
        total=result.total_fen,
        funding=[FundingRead(funder=s.funder, amount=s.amount_fen) for s in result.funding_totals()],
        land_priority=LandPriorityFlag(
            on=result.as_of,
            eligible=result.land_priority.eligible,
            tiers=result.land_priority.tiers,
            reasons=result.land_priority.reasons,
        ),
        land_projects=[
            LandPriorityFlag(on=p.on, eligible=p.flag.eligible, tiers=p.flag.tiers, reasons=p.flag.reasons)
            for p in result.land_projects
        ],
    )
