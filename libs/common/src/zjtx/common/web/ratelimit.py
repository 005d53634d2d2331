"""Who is calling, once per request, and how fast (pure ASGI). The API key is checked here and the client
kept in the request's state for everything after (scopes, idempotency, audit); then each client has a
rate limit of its own, and requests without a known key one per source address (so guessing keys is
slow). Beyond it: 429 with Retry-After. Probes and metrics are not limited.

The counts are sliding-window counters (`SlidingWindowCounter`), in this process's memory: with N
replicas a client gets up to N times the limit, which is what a per-replica limit is for (keeping one
client from taking a replica); the limits are settings, written as the `limits` library parses them
("6000/minute")."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Hashable

from limits import RateLimitItem, parse
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
        self.clients_window = SlidingWindowCounter(self.per_client)
        self.addresses_window = SlidingWindowCounter(self.per_address)

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
                window, identity = self.clients_window, client.name
            else:
                window, identity = self.addresses_window, (scope.get("client") or ("unknown", 0))[0]
            wait = window.hit(identity)
            if wait is not None:
                item = window.item
                retry_after = max(1, math.ceil(wait))
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


class SlidingWindowCounter:
    """At most `item.amount` hits per identity in any window of `item`'s length, approximately: the hits of
    the current fixed window plus those of the previous one weighted by the share of it the sliding window
    still covers (the sliding-window counter of Cloudflare's rate limiting; `limits` has it too). Exact in
    an identity's first window; after it, an estimate that takes the previous window's hits as spread
    evenly over it. O(1) a hit with two counts per identity, and synchronous, so it needs no lock on one
    event loop and no background task or thread (the `limits` library's asyncio moving window expired its
    entries in a thread, a hand-off per request: about a sixth of the registry's request CPU)."""

    def __init__(self, item: RateLimitItem, clock: Callable[[], float] = time.monotonic) -> None:
        self.item = item
        self._length = float(item.get_expiry())
        self._clock = clock
        self._counts: dict[Hashable, tuple[int, int, int]] = {}  # identity -> (window, hits in it, in the one before)
        self._swept = 0  # the window whose start last swept away identities not seen for two windows

    def hit(self, identity: Hashable) -> float | None:
        """Count a hit, or refuse it: None when it is allowed (and counted), else the seconds until one
        would be."""
        now = self._clock()
        window, into = divmod(now, self._length)
        window = int(window)
        if window != self._swept:
            self._sweep(window)
        current, previous = self._counts_in(identity, window)
        weight = 1.0 - into / self._length  # the share of the previous window still inside the sliding one
        if current + previous * weight >= self.item.amount:
            return self._wait(current, previous, into)
        self._counts[identity] = (window, current + 1, previous)
        return None

    @property
    def tracked(self) -> frozenset[Hashable]:
        """The identities it keeps counts for (those seen in this window or the one before, at most)."""
        return frozenset(self._counts)

    def _counts_in(self, identity: Hashable, window: int) -> tuple[int, int]:
        seen, current, previous = self._counts.get(identity, (window, 0, 0))
        if seen == window:
            return current, previous
        return (0, current) if seen == window - 1 else (0, 0)

    def _wait(self, current: int, previous: int, into: float) -> float:
        amount, length = self.item.amount, self._length
        if current < amount and previous:  # room comes as the previous window slides out
            return max(0.0, length * (1.0 - (amount - current) / previous) - into)
        # The current window is full: room comes in the next one, once enough of this one has slid out.
        return (length - into) + length * max(0.0, 1.0 - amount / max(current, 1))

    def _sweep(self, window: int) -> None:
        self._swept = window
        self._counts = {key: counts for key, counts in self._counts.items() if counts[0] >= window - 1}
