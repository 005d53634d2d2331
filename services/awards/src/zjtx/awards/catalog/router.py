from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from zjtx.awards.catalog import service
from zjtx.awards.catalog.schemas import ParameterListRead, ParameterRead, RuleListRead, RuleRead
from zjtx.common.clock import today
from zjtx.common.web.auth import Client, require
from zjtx.common.web.routing import Day, Router

router = Router(prefix="/v1", tags=["rules and parameters"])

AsOf = Annotated[
    Day | None,
    Query(description="the day whose values to show, YYYY-MM-DD (1949-10-01 to 2099-12-31); today if not given"),
]


@router.get(
    "/parameters",
    response_model=ParameterListRead,
    summary="Every parameter with the value in force on as_of (default today), and the file's version",
)
async def list_parameters(
    request: Request, as_of: AsOf = None, _client: Client = Depends(require("awards:read"))
) -> ParameterListRead:
    """The dated parameters the rules read (amounts, rates, caps, dates), each with the value in force on
    `as_of`, the rule it serves and the article of the policy it comes from; a parameter with no value in
    force that day says so (`in_force` false). `version` is the one every award records."""
    parameters = request.app.state.parameters
    day = as_of or today(request.app.state.clock)
    items = []
    for entry in service.parameters_in_force(parameters, as_of=day):
        value = entry.value
        items.append(
            ParameterRead(
                name=entry.name,
                in_force=value is not None,
                valid_from=value.valid_from if value else None,
                valid_to=value.valid_to if value else None,
                rule=value.rule if value else None,
                article=value.body.get("article") if value else None,
                values=entry.figures(),
            )
        )
    return ParameterListRead(version=parameters.version, as_of=day, items=items)


@router.get("/rules", response_model=RuleListRead, summary="Each rule with its article, trigger and parameters")
async def list_rules(_client: Client = Depends(require("awards:read"))) -> RuleListRead:
    """Every rule this service implements (RULES.md): the article and sentence of the policy, what sets it
    off (an event, a claim, a flag read on request) and the parameters it reads. The whole list, a dozen
    rules: it is not paged."""
    return RuleListRead(
        items=[
            RuleRead(
                id=r.id,
                article=r.article,
                text=r.text,
                summary=r.summary,
                trigger=r.trigger,
                triggered_by=list(r.triggered_by),
                monetary=r.monetary,
                parameters=list(r.parameters),
            )
            for r in service.list_rules()
        ]
    )
