"""Who is calling, once per request, and how fast (pure ASGI). The API key is checked here and the client
kept in the request's state for everything after (scopes, idempotency, audit); then each client has a
rate limit of its own, and requests without a known key one per source address (so guessing keys is
slow). Beyond it: 429 with Retry-After. Probes and metrics are not limited.

The counts are the `limits` library's moving windows, in this process's memory: with N replicas a
client gets up to N times the limit, which is what a per-replica limit is for (keeping one client from
taking a replica); the limits are settings."""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Receive, Scope, Send

from zjtx.common.logs import client_var
from zjtx.common.web.auth import ClientStore, bearer_token
from zjtx.common.web.errors import send_problem

UNLIMITED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class ClientRateLimitMiddleware:
    def __init__(
        self, app: ASGIApp, *, clients: ClientStore, per_client: str, per_address: str, enabled: bool = True
    ) -> None:
        self.app = app
        self.clients = clients
        self.enabled = enabled
        self.per_client: RateLimitItem = parse(per_client)
        self.per_address: RateLimitItem = parse(per_address)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = bearer_token(scope)
        client = self.clients.authenticate(token) if token else None
        scope.setdefault("state", {})["client"] = client
        client_var.set(client.name if client else None)  # for the request's log lines (reset after it)
        if self.enabled and scope["path"] not in UNLIMITED_PATHS:
            if client is not None:
                item, identity = self.per_client, ("client", client.name)
            else:
                item, identity = self.per_address, ("address", (scope.get("client") or ("unknown", 0))[0])
            if not await self.limiter.hit(item, *identity):
                stats = await self.limiter.get_window_stats(item, *identity)
                retry_after = max(1, math.ceil(stats.reset_time - time.time()))
                await send_problem(
                    send,
                    scope,
                    status=429,
                    code="rate_limited",
                    title="Too many requests",
                    detail=f"at most {item} for {'this client' if client else 'requests without a known key'}",
                    headers=[(b"retry-after", str(retry_after).encode())],
                )
                return
        await self.app(scope, receive, send)
