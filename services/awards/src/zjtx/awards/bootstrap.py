"""Wiring the awards service: one place builds the app, the consumer's handlers and the process."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zjtx.awards.award.router import router as award_router
from zjtx.awards.budget.router import router as budget_router
from zjtx.awards.catalog.router import router as catalog_router
from zjtx.awards.claim.router import router as claim_router
from zjtx.awards.intake.handlers import build_handlers
from zjtx.awards.land_priority.router import router as land_priority_router
from zjtx.awards.parameters import load_parameters
from zjtx.awards.public.router import router as public_router
from zjtx.awards.simulate.router import router as simulate_router
from zjtx.common.clock import Clock, SystemClock
from zjtx.common.db import create_engine, create_sessionmaker
from zjtx.common.events import awards as award_events
from zjtx.common.events import registry as registry_events
from zjtx.common.parameters import ParameterFile
from zjtx.common.runtime import ServiceProcess
from zjtx.common.settings import ServiceSettings
from zjtx.common.web.app import create_base_app
from zjtx.common.web.auth import ClientStore

MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "migrations"

ROUTERS = (
    award_router,
    claim_router,
    simulate_router,
    catalog_router,
    budget_router,
    public_router,
    land_priority_router,
)


def create_app(
    settings: ServiceSettings,
    *,
    sessions: async_sessionmaker[AsyncSession],
    clients: ClientStore,
    clock: Clock | None = None,
    parameters: ParameterFile | None = None,
) -> FastAPI:
    clock = clock or SystemClock()
    parameters = parameters or load_parameters()
    app = create_base_app(
        settings=settings,
        sessions=sessions,
        clients=clients,
        event_handlers=build_handlers(clock=clock, parameters=parameters),
        routers=ROUTERS,
        title="Awards — Hohhot 专精特新 SME-support platform",
        description="The policy's awards (articles 1-4 and 6) computed from events and claims, explained to the "
        "fen, reviewed, approved and paid, funded half by the city and half by the district (F.1).",
    )
    app.state.clock = clock
    app.state.parameters = parameters
    return app


def build_process(settings: ServiceSettings) -> ServiceProcess:
    engine = create_engine(settings.database_url, pool_size=settings.database_pool_size)
    app = create_app(
        settings, sessions=create_sessionmaker(engine), clients=ClientStore.load(settings.api_clients_file)
    )
    return ServiceProcess(
        settings=settings,
        app=app,
        handlers=app.state.event_handlers,
        migrations_dir=MIGRATIONS_DIR,
        topics=[*registry_events.TOPICS, award_events.TOPIC],
        on_shutdown=engine.dispose,
    )
