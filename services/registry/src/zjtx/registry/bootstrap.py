"""Wiring the registry: one place builds the app, the consumer's handlers and the scheduled jobs."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zjtx.common.clock import Clock, SystemClock
from zjtx.common.db import create_engine, create_sessionmaker
from zjtx.common.events import awards as award_events
from zjtx.common.events import finance as finance_events
from zjtx.common.events import registry as registry_events
from zjtx.common.runtime import ScheduledJob, ServiceProcess
from zjtx.common.settings import ServiceSettings
from zjtx.common.web.app import create_base_app
from zjtx.common.web.auth import ClientStore
from zjtx.registry import jobs
from zjtx.registry.enterprise.router import router as enterprise_router
from zjtx.registry.history.handlers import build_handlers
from zjtx.registry.history.router import router as history_router
from zjtx.registry.inspection.router import router as inspection_router
from zjtx.registry.kpi.router import router as kpi_router
from zjtx.registry.park.router import router as park_router
from zjtx.registry.pool.router import router as pool_router
from zjtx.registry.recognition.router import router as recognition_router
from zjtx.registry.reference import Reference
from zjtx.registry.service_record.router import router as service_record_router

MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "migrations"
EXPIRY_CHECK_SECONDS = 3600.0

ROUTERS = (
    enterprise_router,
    recognition_router,
    history_router,
    park_router,
    pool_router,
    service_record_router,
    inspection_router,
    kpi_router,
    jobs.router,
)


def create_app(
    settings: ServiceSettings,
    *,
    sessions: async_sessionmaker[AsyncSession],
    clients: ClientStore,
    clock: Clock | None = None,
    reference: Reference | None = None,
) -> FastAPI:
    app = create_base_app(
        settings=settings,
        sessions=sessions,
        clients=clients,
        event_handlers=build_handlers(),
        routers=ROUTERS,
        title="Registry — Hohhot 专精特新 SME-support platform",
        description="Enterprises, recognitions, cultivation pools, parks, scale reports, service records, "
        "inspections and KPIs (policy articles 1, 4, 7, 8, 11-13).",
    )
    app.state.clock = clock or SystemClock()
    app.state.reference = reference or Reference.load()
    return app


def build_process(settings: ServiceSettings) -> ServiceProcess:
    engine = create_engine(settings.database_url, pool_size=settings.database_pool_size)
    sessions = create_sessionmaker(engine)
    app = create_app(settings, sessions=sessions, clients=ClientStore.load(settings.api_clients_file))
    state = app.state
    expiry = ScheduledJob(
        "expire-recognitions", EXPIRY_CHECK_SECONDS, partial(jobs.run_expiry, sessions, state.clock, state.reference)
    )
    return ServiceProcess(
        settings=settings,
        app=app,
        handlers=state.event_handlers,
        migrations_dir=MIGRATIONS_DIR,
        topics=[*registry_events.TOPICS, award_events.TOPIC, finance_events.TOPIC],
        jobs=[expiry],
        on_shutdown=engine.dispose,
    )
