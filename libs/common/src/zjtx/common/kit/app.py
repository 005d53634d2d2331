"""The FastAPI application of a service, built from its definition: the platform's conventions (errors,
request ids, body limit, idempotency, health, dead letters), the service's routers, and a route per
scheduled job for running it now."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zjtx.common.clock import Clock, SystemClock
from zjtx.common.error_titles import KIT_TITLES
from zjtx.common.kit.binding import foreign_handlers_for, handlers_for
from zjtx.common.kit.context import Context
from zjtx.common.kit.definition import Job, ServiceDefinition
from zjtx.common.kit.deps import AdminContext
from zjtx.common.kit.jobs import run_job
from zjtx.common.parameters import ParameterFile
from zjtx.common.reference import Reference, load_reference
from zjtx.common.settings import ServiceSettings
from zjtx.common.web.app import create_base_app
from zjtx.common.web.auth import ClientStore
from zjtx.common.web.routing import Day, Router, problems


class JobResult(BaseModel):
    job: str = Field(description="the job's name")
    affected: int = Field(description="how many things the run changed")


AsOf = Annotated[Day | None, Query(description="the day the job runs as of, YYYY-MM-DD; today if not given")]


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
    and the consumers' handlers (events, foreign topics), which the runtime and the dead-letter
    re-drive share."""
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
    app.state.foreign_handlers = foreign_handlers_for(
        definition, clock=clock, parameters=parameters, reference=reference
    )
    app.state.definition = definition
    app.state.clock = clock
    app.state.parameters = parameters
    app.state.reference = reference
    # The Chinese titles of the problems it answers with: the kit's, and the service's own codes'.
    app.state.error_titles = {**KIT_TITLES, **definition.error_titles}
    return app


def jobs_router(jobs: list[Job] | tuple[Job, ...]) -> Router:
    """`POST /v1/admin/jobs/<name>` for each scheduled job (scope admin): run it now as the admin client,
    in the request's transaction, or a batch a transaction for a job in batches."""
    router = Router(prefix="/v1/admin/jobs", tags=["operations"])
    for job in jobs:
        router.add_api_route(
            f"/{job.name}",
            _job_endpoint(job),
            methods=["POST"],
            response_model=JobResult,
            summary=job.summary,
            description=_job_description(job),
            responses=problems(*job.problems),
            name=f"run_{job.name.replace('-', '_')}",
        )
    return router


def _job_description(job: Job) -> str:
    """What the route does, said from the job: its own words first, then how it runs."""
    own = f"{job.description.rstrip()}\n\n" if job.description else ""
    where = (
        "a batch a transaction (each committed before the next) until a batch changes nothing"
        if job.in_batches
        else "in the request's transaction"
    )
    return (
        f"{own}The scheduler runs this job every {_period(job.every_seconds)}; this runs it now, {where}, as "
        "the calling admin, and answers how many things it changed. Running it again is safe: a job is "
        "idempotent."
    )


def _period(seconds: float) -> str:
    for unit, length in (("hour", 3600), ("minute", 60)):
        if seconds >= length and seconds % length == 0:
            count = int(seconds // length)
            return unit if count == 1 else f"{count} {unit}s"
    return f"{seconds:g} seconds"


def _job_endpoint(job: Job):
    if job.as_of:

        async def run_as_of(request: Request, ctx: AdminContext, as_of: AsOf = None) -> JobResult:
            return JobResult(job=job.name, affected=await _run_now(job, request, ctx, as_of=as_of))

        return run_as_of

    async def run_now(request: Request, ctx: AdminContext) -> JobResult:
        return JobResult(job=job.name, affected=await _run_now(job, request, ctx))

    return run_now


async def _run_now(job: Job, request: Request, ctx: Context, **arguments) -> int:
    if job.in_batches:  # its batches each in a transaction of their own, as the scheduler runs them
        return await run_job(job, request.app.state, ctx.actor, **arguments)
    return await job.run(ctx, **arguments)
