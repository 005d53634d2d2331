from __future__ import annotations

from fastapi import Depends, Request

from zjtx.awards.award.schemas import FundingRead
from zjtx.awards.land_priority.schemas import LandPriorityFlag
from zjtx.awards.simulate import service
from zjtx.awards.simulate.overrides import show_figure
from zjtx.awards.simulate.schemas import AppliedOverrideRead, SimulatedAward, SimulationRead, SimulationRequest
from zjtx.common.clock import today
from zjtx.common.web.auth import Client, require
from zjtx.common.web.routing import Router

router = Router(prefix="/v1/simulate", tags=["policy calculator"])


# No database session: the calculator reads nothing stored and writes nothing.
@router.post(
    "",
    response_model=SimulationRead,
    summary="The policy calculator: every award a profile and hypothetical claims would bring; nothing is stored",
)
async def simulate(
    body: SimulationRequest, request: Request, _client: Client = Depends(require("awards:read"))
) -> SimulationRead:
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
