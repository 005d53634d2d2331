"""Pure ASGI middleware: request ids, the access log and HTTP metrics."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterator

from prometheus_client import Counter, Histogram
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zjtx.common import tracing
from zjtx.common.logs import client_var, correlation_id_var, request_id_var, trace_id_from_traceparent, trace_id_var
from zjtx.common.metrics import HTTP_LATENCY, HTTP_REQUESTS

_VISIBLE = re.compile(rb"[!-~]{1,100}")
access_log = logging.getLogger("zjtx.access")


class RequestContextMiddleware:
    """Gives every request an id of its own (a caller's X-Request-ID is kept beside it, as the caller's,
    not used as ours: it could be forged or reused), echoes both, logs under it (the request id is also the
    correlation id of what it starts; the trace id is the caller's `traceparent`'s), writes one access log
    line for it, and measures it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # The metrics' children by (method, route, status): found once, not through labels() (a lock,
        # a check of every label value) twice per request. Routes and statuses are few.
        self._measures: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = str(uuid.uuid4())
        client_request_id = _client_request_id(scope)
        state = scope.setdefault("state", {})
        state["request_id"], state["client_request_id"] = request_id, client_request_id
        traceparent = _header(scope, b"traceparent")
        trace_id = trace_id_from_traceparent(traceparent)
        tokens = (
            (request_id_var, request_id_var.set(request_id)),
            (correlation_id_var, correlation_id_var.set(request_id)),
            (trace_id_var, trace_id_var.set(trace_id)),
            # What the request writes is correlated to it; its events carry the caller's trace on.
            (tracing.causes_var, tracing.causes_var.set(tracing.request_causes(request_id, trace_id and traceparent))),
            (client_var, client_var.set(None)),  # set by the client middleware once the key is known
        )
        status_holder = {"status": 500}
        started = time.perf_counter()
        echoed = [(b"x-request-id", request_id.encode())]
        if client_request_id:
            echoed.append((b"x-client-request-id", client_request_id.encode()))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                message.setdefault("headers", []).extend(echoed)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route(scope)
            if access_log.isEnabledFor(logging.INFO):
                # The path without its query string: a query may carry what a log must not keep.
                access_log.info(
                    "%s %s %d",
                    scope["method"],
                    route,
                    status_holder["status"],
                    extra={
                        "http": {
                            "method": scope["method"],
                            "route": route,
                            "path": scope["path"],
                            "status": status_holder["status"],
                            "duration_ms": round(elapsed * 1000, 2),
                            "client_request_id": client_request_id,
                        }
                    },
                )
            for var, token in reversed(tokens):
                var.reset(token)
            requests, latency = self._measures_for(scope, route, status_holder["status"])
            requests.inc()
            latency.observe(elapsed)

    def _measures_for(self, scope: Scope, path: str, status: int) -> tuple[Counter, Histogram]:
        key = (scope["method"], path, status)
        measures = self._measures.get(key)
        if measures is None:
            measures = HTTP_REQUESTS.labels(key[0], path, str(status)), HTTP_LATENCY.labels(key[0], path)
            self._measures[key] = measures
        return measures


def _route(scope: Scope) -> str:
    """The template of the route that matched (`/v1/enterprises/{uscc}`), never the raw path. A request
    answered before the router saw it (refused by a limit, replayed by idempotency) is matched here, so
    it counts under its route too; `unmatched` is only a path no route has."""
    route = scope.get("route")
    if route is not None:
        return getattr(route, "path", "unmatched")
    partial = None  # as the router does: the first full match, else the first of the path alone (a 405)
    for candidate, template in _candidates(getattr(scope.get("app"), "router", None)):
        match, _ = candidate.matches(scope)
        if match is Match.FULL:
            return template
        if match is Match.PARTIAL and partial is None:
            partial = template
    return partial or "unmatched"


def _candidates(router) -> Iterator[tuple[BaseRoute, str]]:
    """The app's routes with their templates. FastAPI keeps an included router as one entry, whose
    effective routes (with the path as served) it lists itself."""
    for route in getattr(router, "routes", ()):
        effective = getattr(route, "effective_route_contexts", None)
        if effective is None:
            yield route, getattr(route, "path", "unmatched")
        else:
            yield from ((context, context.path_format) for context in effective())


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers") or ():
        if name == wanted:
            return value.decode("latin-1")
    return None


def _client_request_id(scope: Scope) -> str | None:
    """The caller's X-Request-ID when it is a plausible id (visible ASCII, at most 100 characters)."""
    for name, value in scope.get("headers") or ():
        if name == b"x-request-id":
            return value.decode("ascii") if _VISIBLE.fullmatch(value) else None
    return None
