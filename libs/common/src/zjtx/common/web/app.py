"""The FastAPI application every service builds on: conventions wired once."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, FastAPI
from fastapi.telemetry import TelemetryConfig
from fastapi_offline import FastAPIOffline
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zjtx.common import tracing
from zjtx.common.db import create_read_sessionmaker
from zjtx.common.messaging.consumer import EventHandlers
from zjtx.common.settings import ServiceSettings
from zjtx.common.web import audit_trail, dead_letters, health, reference
from zjtx.common.web.auth import ClientStore
from zjtx.common.web.deps import check_routes_own_their_transaction
from zjtx.common.web.errors import install_error_handlers
from zjtx.common.web.guard import RequestGuardMiddleware
from zjtx.common.web.idempotency import IdempotencyMiddleware
from zjtx.common.web.middleware import RequestContextMiddleware
from zjtx.common.web.openapi import install_openapi
from zjtx.common.web.ratelimit import ClientRateLimitMiddleware

# FastAPI's own OpenTelemetry, off: the platform's tracing is zjtx.common.tracing's (a server span per
# request by the instrumentation it installs), its metrics prometheus_client's, its logs its own. Left on,
# FastAPI asks OpenTelemetry's global providers at every request whether one is configured: three
# lookups in os.environ, some 3% of a request's CPU.
NO_NATIVE_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False, "auto_configure": False}


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
    check_routes_own_their_transaction([*routers, dead_letters.router, audit_trail.router])
    # The documentation pages with their scripts served by the service itself: on the government's
    # intranet there is no CDN to load them from.
    app = FastAPIOffline(
        title=title, description=description, version=version, debug=settings.debug, telemetry=NO_NATIVE_TELEMETRY
    )
    install_openapi(app)
    app.state.settings = settings
    app.state.sessions = sessions
    app.state.read_sessions = create_read_sessionmaker(sessions)
    app.state.clients = clients
    app.state.event_handlers = event_handlers
    install_error_handlers(app)
    # Outermost last: the request id first, then what a request may carry, then who calls and how fast,
    # then idempotency (which needs to know the client).
    app.add_middleware(IdempotencyMiddleware, state=app.state)
    app.add_middleware(
        ClientRateLimitMiddleware,
        clients=clients,
        per_client=settings.rate_limit_per_client,
        per_address=settings.rate_limit_per_address,
        enabled=settings.rate_limit_enabled,
    )
    app.add_middleware(
        RequestGuardMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_headers=settings.max_header_count,
        max_header_bytes=settings.max_header_bytes,
    )
    app.add_middleware(RequestContextMiddleware)
    # The service's own routes first: a request is matched against the routes in order, and most
    # requests are for these, not for health checks or dead letters.
    for router in routers:
        app.include_router(router)
    app.include_router(health.router)
    app.include_router(dead_letters.router)
    app.include_router(audit_trail.router)
    app.include_router(reference.router)
    tracing.instrument_app(app)  # a server span per request when tracing is on
    return app
