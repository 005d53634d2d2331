"""GeoReport v2 routes: no key; errors in the spec's format (a JSON array of {code, description}). Their
shapes are the standard's, not the platform's: a list is a bare JSON array (GeoReport v2 clients read one,
and a request answers at most 1000 of the last 90 days by default), so these lists are not pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.responses import JSONResponse

from zjtx.common.kit.context import Context
from zjtx.common.web.audit import Actor
from zjtx.common.web.deps import SessionDep
from zjtx.common.web.routing import Router
from zjtx.hotline.categories import CATEGORIES_SAID
from zjtx.hotline.errors import TicketNotFound
from zjtx.hotline.open311 import service
from zjtx.hotline.open311.schemas import Open311Error, Open311Request, Open311Service

router = Router(prefix="/open311/v2", tags=["open311"])
ERRORS = {
    400: {"model": list[Open311Error], "description": "a parameter is wrong (GeoReport v2's error format)"},
    404: {"model": list[Open311Error], "description": "no such service request (GeoReport v2's error format)"},
}
WHY_AN_ARRAY = (
    "The shape is GeoReport v2's, which its clients read: a bare JSON array, not the platform's page "
    "(`{items, next_cursor}`), and errors as `[{code, description}]`."
)
INSTANT = "a W3C datetime (2025-09-01T00:00:00+08:00; no offset: Asia/Shanghai), 1949-10-01 to 2099-12-31"
StartDate = Annotated[str | None, Query(description=f"requests received at or after this instant, {INSTANT}")]
EndDate = Annotated[
    str | None, Query(description=f"requests received at or before this instant (default: now), {INSTANT}")
]
StatusList = Annotated[str | None, Query(description="`open` or `closed`, or both comma-separated (default: both)")]
ServiceCodes = Annotated[str | None, Query(description=f"categories, comma-separated: {CATEGORIES_SAID}")]
RequestIds = Annotated[
    str | None, Query(description="12345 ticket numbers, comma-separated (then the dates are ignored)")
]
Jurisdiction = Annotated[
    str | None, Query(description="GeoReport v2's jurisdiction: there is one, so it is accepted and not needed")
]
RequestId = Annotated[str, Path(description="the 12345 ticket number")]


async def public_context(request: Request, session: SessionDep) -> Context:
    """A use-case context for the public: no client, nothing it could change."""
    state = request.app.state
    return Context(
        session=session,
        clock=state.clock,
        parameters=state.parameters,
        reference=state.reference,
        actor=Actor("public", getattr(request.state, "request_id", None)),
        settings=state.settings,
    )


PublicContext = Annotated[Context, Depends(public_context)]


def _error(status: int, description: str) -> JSONResponse:
    return JSONResponse([{"code": status, "description": description}], status_code=status)


@router.get(
    "/services.json",
    response_model=list[Open311Service],
    summary="The ticket categories as services",
    description="GeoReport v2 `GET services`: the six ticket categories of the 12345 enterprise desk, as services; "
    f"no key needed. {WHY_AN_ARRAY}",
)
async def list_services() -> list[Open311Service]:
    return service.services()


@router.get(
    "/requests.json",
    response_model=list[Open311Request],
    responses=ERRORS,
    summary="Service requests: tickets without personal data (last 90 days unless dated)",
    description="GeoReport v2 `GET requests`: the tickets as service requests, at most 1000, received in the window "
    "(by default the 90 days to now); no key, no personal data (the title with long digit runs masked, notes made "
    f"from the status). {WHY_AN_ARRAY}",
)
async def list_requests(
    ctx: PublicContext,
    start_date: StartDate = None,
    end_date: EndDate = None,
    status: StatusList = None,
    service_code: ServiceCodes = None,
    service_request_id: RequestIds = None,
    jurisdiction_id: Jurisdiction = None,
):
    try:
        return await service.requests(
            ctx,
            start_date=start_date,
            end_date=end_date,
            status=status,
            service_code=service_code,
            service_request_id=service_request_id,
        )
    except service.BadOpen311Request as exc:
        return _error(400, str(exc))


@router.get(
    "/requests/{service_request_id}.json",
    response_model=list[Open311Request],
    responses=ERRORS,
    summary="One service request, by its 12345 ticket number",
    description="GeoReport v2 `GET service request`: one ticket by its 12345 number, as a one-element array; no key, "
    f"no personal data. {WHY_AN_ARRAY}",
)
async def get_request(service_request_id: RequestId, ctx: PublicContext, jurisdiction_id: Jurisdiction = None):
    try:
        return await service.request(ctx, service_request_id)
    except TicketNotFound as exc:
        return _error(404, str(exc))
