"""The FastAPI application every service builds on: conventions wired once."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zjtx.common.messaging.consumer import EventHandlers
from zjtx.common.settings import ServiceSettings
from zjtx.common.web import dead_letters, health
from zjtx.common.web.auth import ClientStore
from zjtx.common.web.deps import check_routes_own_their_transaction
from zjtx.common.web.errors import install_error_handlers
from zjtx.common.web.idempotency import IdempotencyMiddleware
from zjtx.common.web.middleware import BodySizeLimitMiddleware, RequestContextMiddleware


def create_base_app(
    *,
    settings: ServiceSettings,
    sessions: async_sessionmaker[AsyncSession],
    clients: ClientStore,
    event_handlers: EventHandlers,
    routers: Sequence[APIRouter],
    title: str,
    description: str,
    version: str = "0.1.0",
) -> FastAPI:
    check_routes_own_their_transaction([*routers, dead_letters.router])
    app = FastAPI(title=title, description=description, version=version, debug=settings.debug)
    app.state.settings = settings
    app.state.sessions = sessions
    app.state.clients = clients
    app.state.event_handlers = event_handlers
    install_error_handlers(app)
    app.add_middleware(IdempotencyMiddleware, state=app.state)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestContextMiddleware)  # outermost: every response carries the request id
    # The service's own routes first: a request is matched against the routes in order, and most
    # requests are for these, not for health checks or dead letters.
    for router in routers:
        app.include_router(router)
    app.include_router(health.router)
    app.include_router(dead_letters.router)
    return app
