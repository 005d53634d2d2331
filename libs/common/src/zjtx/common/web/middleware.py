"""Pure ASGI middleware: request ids, the body size limit, HTTP metrics."""

from __future__ import annotations

import json
import time
import uuid

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zjtx.common.metrics import HTTP_LATENCY, HTTP_REQUESTS
from zjtx.common.web.errors import PROBLEM_JSON, PROBLEM_TYPE_BASE


class RequestContextMiddleware:
    """Gives every request an id (or keeps the caller's X-Request-ID), echoes it, and measures the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # The metrics' children by (method, route, status): found once, not through labels() (a lock,
        # a check of every label value) twice per request. Routes and statuses are few.
        self._measures: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        supplied = headers.get(b"x-request-id", b"").decode(errors="ignore")[:100]
        request_id = supplied or str(uuid.uuid4())
        scope.setdefault("state", {})["request_id"] = request_id
        status_holder = {"status": 500}
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            requests, latency = self._measures_for(scope, status_holder["status"])
            requests.inc()
            latency.observe(time.perf_counter() - started)

    def _measures_for(self, scope: Scope, status: int) -> tuple[Counter, Histogram]:
        path = getattr(scope.get("route"), "path", "unmatched")
        key = (scope["method"], path, status)
        measures = self._measures.get(key)
        if measures is None:
            measures = HTTP_REQUESTS.labels(key[0], path, str(status)), HTTP_LATENCY.labels(key[0], path)
            self._measures[key] = measures
        return measures


class BodySizeLimitMiddleware:
    """Refuses bodies over the limit with 413 before the application reads them: by their declared
    length, or, for a chunked upload, by reading it first."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit():
            if int(declared) > self.max_bytes:
                await self._refuse(scope, send)
                return
            # The server hands the application no more than the declared length: nothing to count,
            # so the body is not read and replayed here (most requests: one copy and one wrapper less).
            await self.app(scope, receive, send)
            return
        # No length declared (a chunked upload): read the body here, bounded by max_bytes.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            received += len(chunks[-1])
            if received > self.max_bytes:
                await self._refuse(scope, send)
                return
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body = json.dumps(
            {
                "type": PROBLEM_TYPE_BASE + "body_too_large",
                "title": "The request body is too large",
                "status": 413,
                "code": "body_too_large",
                "detail": f"the limit is {self.max_bytes} bytes",
                "request_id": scope.get("state", {}).get("request_id"),
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
