"""A service process from its definition: the engine, the app, the consumer's handlers, the jobs, and
`main()`, which every service's `__main__` calls. One runtime for all (uvloop, one shutdown order)."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from fastapi import FastAPI

from zjtx.common import tracing
from zjtx.common.db import create_engine, create_sessionmaker
from zjtx.common.kit.app import create_app
from zjtx.common.kit.definition import Job, ServiceDefinition
from zjtx.common.kit.jobs import run_job
from zjtx.common.logs import configure_logging
from zjtx.common.runtime import ScheduledJob, ServiceProcess, run, serve
from zjtx.common.settings import ServiceSettings
from zjtx.common.web import idempotency_retention
from zjtx.common.web.audit import Actor
from zjtx.common.web.auth import ClientStore


async def run_scheduled(job: Job, app: FastAPI) -> int:
    """One scheduled run of a job: its own transaction, acting as `system:<job>`; a business act of its own
    (a correlation id for what it writes, a span when tracing)."""
    with tracing.acting(f"job {job.name}"):
        return await _run_job(job, app)


async def _run_job(job: Job, app: FastAPI) -> int:
    return await run_job(job, app.state, Actor(f"system:{job.name}"))


def idempotency_retention_job(settings: ServiceSettings, app: FastAPI) -> ScheduledJob:
    """A job the kit schedules in every service: the Idempotency-Key records past their retention go."""
    return ScheduledJob(
        idempotency_retention.JOB_NAME,
        idempotency_retention.EVERY_SECONDS,
        partial(
            idempotency_retention.delete_old_keys,
            app.state.sessions,
            retention=timedelta(hours=settings.idempotency_retention_hours),
        ),
    )


def build_process(definition: ServiceDefinition, settings: ServiceSettings) -> ServiceProcess:
    engine = create_engine(settings.database_url, pool_size=settings.database_pool_size)
    app = create_app(
        definition, settings, sessions=create_sessionmaker(engine), clients=ClientStore.load(settings.api_clients_file)
    )
    return ServiceProcess(
        settings=settings,
        app=app,
        handlers=app.state.event_handlers,
        foreign=list(app.state.foreign_handlers.values()),
        schema=definition.schema,
        topics=definition.topics,
        jobs=[
            *(ScheduledJob(job.name, job.every_seconds, partial(run_scheduled, job, app)) for job in definition.jobs),
            idempotency_retention_job(settings, app),
        ],
        on_shutdown=engine.dispose,
        measures=list(definition.measures),
    )


def main(definition: ServiceDefinition) -> None:
    """`python -m zjtx.<service>`: run the roles its settings switch on, until SIGTERM or SIGINT."""
    configure_logging(logging.INFO, service=definition.name)
    settings = definition.settings_class()()
    tracing.configure(settings)  # before the engine and the app: both are instrumented when on
    run(serve(build_process(definition, settings)))
