"""GeoReport v2 routes: no key; errors in the spec's format (a JSON array of {code, description})."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import JSONResponse

from zjtx.common.kit.context import Context
from zjtx.common.web.audit import Actor
from zjtx.common.web.deps import SessionDep
from zjtx.common.web.routing import Router
from zjtx.hotline.errors import TicketNotFound
from zjtx.hotline.open311 import service
from zjtx.hotline.open311.schemas import Open311Error, Open311Request, Open311Service

router = Router(prefix="/open311/v2", tags=["open311"])
ERRORS = {400: {"model": list[Open311Error]}, 404: {"model": list[Open311Error]}}


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


@router.get("/services.json", response_model=list[Open311Service], summary="The ticket categories as services")
async def list_services() -> list[Open311Service]:
    return service.services()


@router.get(
    "/requests.json",
    response_model=list[Open311Request],
    responses=ERRORS,
    summary="Service requests: tickets without personal data (last 90 days unless dated)",
)
async def list_requests(
    ctx: PublicContext,
    start_date: str | None = None,
    end_date: str | None = None,
    status: str | None = None,
    service_code: str | None = None,
    service_request_id: str | None = None,
    jurisdiction_id: str | None = None,  # one jurisdiction: accepted and not needed
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
)
async def get_request(service_request_id: str, ctx: PublicContext, jurisdiction_id: str | None = None):
    try:
        return await service.request(ctx, service_request_id)
    except TicketNotFound as exc:
        return _error(404, str(exc))
