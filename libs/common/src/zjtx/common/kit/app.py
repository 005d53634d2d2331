"""The FastAPI application of a service, built from its definition: the platform's conventions (errors,
request ids, body limit, idempotency, health, dead letters), the service's routers, and a route per
scheduled job for running it now."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zjtx.common.clock import Clock, SystemClock
from zjtx.common.kit.definition import Job, ServiceDefinition
from zjtx.common.kit.deps import AdminContext
from zjtx.common.kit.handlers import handlers_for
from zjtx.common.parameters import ParameterFile
from zjtx.common.reference import Reference, load_reference
from zjtx.common.settings import ServiceSettings
from zjtx.common.web.app import create_base_app
from zjtx.common.web.auth import ClientStore
from zjtx.common.web.deps import TransactionalRoute


class JobResult(BaseModel):
    job: str
    affected: int


def create_app(
    definition: ServiceDefinition,
    settings: ServiceSettings,
    *,
    sessions: async_sessionmaker[AsyncSession],
    clients: ClientStore,
    clock: Clock | None = None,
    parameters: ParameterFile | None = None,
    reference: Reference | None = None,
    consumer: str | None = None,
) -> FastAPI:
    """The app; its state holds what the dependencies hand to use cases (clock, parameters, reference)
    and the consumer's handlers, which the runtime and the dead-letter re-drive share."""
    clock = clock or SystemClock()
    parameters = parameters or definition.load_parameters()
    reference = reference or load_reference()
    handlers = handlers_for(definition, consumer=consumer, clock=clock, parameters=parameters, reference=reference)
    app = create_base_app(
        settings=settings,
        sessions=sessions,
        clients=clients,
        event_handlers=handlers,
        routers=[*definition.routers, *([jobs_router(definition.jobs)] if definition.jobs else [])],
        title=definition.title,
        description=definition.description,
        version=definition.version,
    )
    app.state.definition = definition
    app.state.clock = clock
    app.state.parameters = parameters
    app.state.reference = reference
    return app


def jobs_router(jobs: list[Job] | tuple[Job, ...]) -> APIRouter:
    """`POST /v1/admin/jobs/<name>` for each scheduled job (scope admin): run it now, in the request's
    transaction, as the admin client."""
    router = APIRouter(prefix="/v1/admin/jobs", tags=["operations"], route_class=TransactionalRoute)
    for job in jobs:
        router.add_api_route(
            f"/{job.name}",
            _job_endpoint(job),
            methods=["POST"],
            response_model=JobResult,
            summary=job.summary,
            name=f"run_{job.name.replace('-', '_')}",
        )
    return router


def _job_endpoint(job: Job):
    async def run_now(ctx: AdminContext) -> JobResult:
        return JobResult(job=job.name, affected=await job.run(ctx))

    return run_now
