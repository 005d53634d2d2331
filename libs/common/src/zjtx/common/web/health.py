"""/healthz, /readyz and /metrics."""

from __future__ import annotations

import hmac

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from zjtx.common.errors import NotFound, Unauthenticated
from zjtx.common.messaging.kafka import broker_reachable, client_security
from zjtx.common.web.auth import bearer_token, hash_key
from zjtx.common.web.routing import Router

router = Router(tags=["operations"])


@router.get("/healthz", summary="The process is alive")
async def healthz() -> dict[str, str]:
    """`{"status": "ok"}` while the process serves requests; it checks nothing else (a liveness probe)."""
    return {"status": "ok"}


READINESS = {
    "type": "object",
    "properties": {
        "status": {"type": "string", "enum": ["ready", "not_ready"]},
        "checks": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


@router.get(
    "/readyz",
    summary="The database and the broker are reachable",
    responses={
        200: {"description": "ready", "content": {"application/json": {"schema": READINESS}}},
        503: {"description": "not ready: each check's result", "content": {"application/json": {"schema": READINESS}}},
    },
)
async def readyz(request: Request) -> JSONResponse:
    """200 `ready` when the database answers (and the broker, for a process that consumes or relays);
    503 `not_ready` with each check's result otherwise (a readiness probe)."""
    settings = request.app.state.settings
    checks = {"database": "ok"}
    try:
        async with request.app.state.sessions() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:  # readiness reports the failure instead of raising it
        checks["database"] = f"unreachable: {type(exc).__name__}"
    # An API-only process keeps serving through a broker outage (the outbox holds its events), so
    # only the roles that talk to the broker make readiness depend on it.
    if settings.run_consumer or settings.run_relay:
        # The clients' TLS context, made once (loading the files on every probe would be waste).
        security = getattr(request.app.state, "kafka_security", None)
        if security is None:
            security = request.app.state.kafka_security = client_security(settings)
        reachable = await broker_reachable(settings.kafka_bootstrap_servers, security=security)
        checks["broker"] = "ok" if reachable else "unreachable"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks}, status_code=200 if ready else 503
    )


# Out of the OpenAPI document: it is for the scraper, not the API's callers, and where it is served
# depends on the settings (zjtx.common.settings: METRICS_PORT, METRICS_KEY_SHA256).
@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """The process's metrics in the Prometheus text format, for scraping: 404 here when they are served on
    a port of their own; with a metrics key, only to a caller sending it."""
    settings = request.app.state.settings
    if settings.metrics_port is not None:
        raise NotFound(f"the metrics are served on port {settings.metrics_port}")
    if settings.metrics_key_sha256 and not _holds_metrics_key(request, settings.metrics_key_sha256):
        raise Unauthenticated("send the metrics key as `Authorization: Bearer <key>`")
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def _holds_metrics_key(request: Request, expected_sha256: str) -> bool:
    token = bearer_token(request.scope)
    return token is not None and hmac.compare_digest(hash_key(token), expected_sha256.lower())
