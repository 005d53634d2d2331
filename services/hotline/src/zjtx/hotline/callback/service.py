"""Callbacks to the 12345 system (issue 11): every status change goes back to the configured URL.

A request never waits on the 12345 system: the change's event goes through the outbox and the broker,
this service's own consumer turns each ticket event into a callback row (`record_callback`, once per
event), and the `deliver-callbacks` job POSTs the due ones, signed like every webhook
(X-Zjtx-Timestamp, X-Zjtx-Signature), in order per ticket. A refusal (not 2xx) or a transport error is
retried with exponential back-off; after CALLBACK_MAX_ATTEMPTS tries the callback is parked as `failed`
(a dead letter), listed by `GET /v1/callbacks?status=failed` and re-driven by admin. Each body carries
the ticket's sequence number, so a receiver can tell a re-driven old state from a newer one."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from prometheus_client import Counter

from zjtx.common import tracing
from zjtx.common.events import Event
from zjtx.common.events.hotline import TicketEvent
from zjtx.common.kit.context import Context
from zjtx.common.web.audit import record_audit
from zjtx.common.web.signatures import signed_headers
from zjtx.hotline.callback import repository
from zjtx.hotline.callback.models import DELIVERED, FAILED, PENDING, STATUS_NAMES_ZH, Callback
from zjtx.hotline.errors import CallbackNotFailed, CallbackNotFound
from zjtx.hotline.settings import HotlineSettings
from zjtx.hotline.ticket.repository import timeline_details

log = logging.getLogger(__name__)

CALLBACKS = Counter("zjtx_hotline_callbacks_total", "Callback attempts to the 12345 system, by outcome", ["outcome"])


@dataclass(frozen=True)
class Target:
    """Where and how callbacks go (HotlineSettings)."""

    url: str
    secret: str
    max_attempts: int = 8
    backoff_base_seconds: float = 30.0
    backoff_max_seconds: float = 3600.0
    batch_size: int = 100
    concurrency: int = 8

    def backoff(self, attempts: int) -> timedelta:
        """After the n-th failed try: base × 2^(n−1), at most the maximum."""
        return timedelta(seconds=min(self.backoff_max_seconds, self.backoff_base_seconds * 2 ** (attempts - 1)))


def target_from(settings: HotlineSettings) -> Target | None:
    """The callback target of a deployment; None (callbacks wait) without a URL or a secret to sign with."""
    if not settings.callback_url:
        return None
    if settings.callback_secret is not None:
        secret = settings.callback_secret.get_secret_value()
    else:
        secret = _webhook_secret(settings.api_clients_file, settings.callback_client)
    if not secret:
        log.warning(
            "no secret to sign callbacks with (CALLBACK_SECRET, or %s's webhook_secret)", settings.callback_client
        )
        return None
    return Target(
        url=settings.callback_url,
        secret=secret,
        max_attempts=settings.callback_max_attempts,
        backoff_base_seconds=settings.callback_backoff_base_seconds,
        backoff_max_seconds=settings.callback_backoff_max_seconds,
        batch_size=settings.callback_batch_size,
        concurrency=settings.callback_concurrency,
    )


def _webhook_secret(path: Path | None, client: str) -> str | None:
    """The webhook_secret of `client` in the API clients file (zjtx.common.web.auth's format)."""
    if path is None or not Path(path).exists():
        return None
    entry = json.loads(Path(path).read_text()).get("clients", {}).get(client, {})
    return entry.get("attributes", {}).get("webhook_secret")


# -- made from the service's own events -----------------------------------------------------------------


async def record_callbacks(ctx: Context, events: list[Event[TicketEvent]]) -> None:
    """The callbacks of ticket events (a run of them, InRuns), their bodies fixed now, in one statement; a
    reply carries its text (the 12345 system tells the caller and visits them)."""
    replies = [e.envelope.event_id for e in events if e.contract.verb == "replied"]
    texts = await timeline_details(ctx.session, replies) if replies else {}
    now = ctx.clock.now()
    await repository.add_many(
        ctx.session,
        [
            {
                "id": uuid.uuid4(),
                "event_id": event.envelope.event_id,
                "ticket_id": event.payload.ticket_id,
                "event_type": event.envelope.event_type,
                "body": _body(event, texts.get(event.envelope.event_id)),
                "next_attempt_at": now,
                "traceparent": tracing.event_traceparent(event.envelope.event_id),
            }
            for event in events
        ],
    )


def _body(event: Event[TicketEvent], details: dict[str, Any] | None) -> str:
    envelope = event.envelope
    body: dict[str, Any] = {
        "event_id": str(envelope.event_id),
        "event_type": envelope.event_type,
        "occurred_at": envelope.occurred_at.isoformat(),
        "sequence": event.payload.sequence,
        "ticket": event.payload.model_dump(mode="json"),
    }
    if details is not None:
        body["reply"] = {"text": details.get("text"), "resolved": details.get("resolved")}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


# -- delivered by the job ------------------------------------------------------------------------------


async def deliver_callbacks(ctx: Context) -> int:
    """The job: deliver what is due to the configured 12345 system; how many were tried."""
    settings = ctx.settings
    target = target_from(settings) if isinstance(settings, HotlineSettings) else None
    if target is None or not await repository.due(ctx.session, ctx.clock.now(), limit=1):
        return 0
    async with httpx.AsyncClient(timeout=settings.callback_timeout_seconds) as http:
        return await deliver_due(ctx, http=http, target=target)


async def deliver_due(ctx: Context, *, http: httpx.AsyncClient, target: Target) -> int:
    """POST every due callback (at most one per ticket: the oldest), concurrently across tickets, and
    record each outcome; `http` is the client to send with (tests point it at a receiver of their own)."""
    due = await repository.due(ctx.session, ctx.clock.now(), limit=target.batch_size)
    gate = asyncio.Semaphore(target.concurrency)

    async def attempt(callback: Callback) -> tuple[int | None, str | None]:
        async with gate:
            return await _post(ctx, http, target, callback)

    outcomes = await asyncio.gather(*(attempt(callback) for callback in due))
    for callback, (status_code, error) in zip(due, outcomes, strict=True):
        await _settle(ctx, target, callback, status_code, error)
    await ctx.session.flush()
    return len(due)


async def _post(
    ctx: Context, http: httpx.AsyncClient, target: Target, callback: Callback
) -> tuple[int | None, str | None]:
    """(status code, None) when the 12345 system took it (2xx), else (status code or None, what went wrong)."""
    body = callback.body.encode()
    headers = {
        "Content-Type": "application/json",
        "X-Zjtx-Event-Id": str(callback.event_id),
        "X-Zjtx-Event-Type": callback.event_type,
        **signed_headers(target.secret, body, now=ctx.clock.now()),
    }
    attributes = {"http.request.method": "POST", "url.full": target.url, "zjtx.callback.id": str(callback.id)}
    with tracing.calling("POST callback", callback.traceparent, headers, **attributes) as answered:
        status_code, error = await _send(http, target.url, body, headers)
        answered(status_code, error)
    return status_code, error


async def _send(
    http: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, str]
) -> tuple[int | None, str | None]:
    try:
        response = await http.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}: {response.text[:300]}"


async def _settle(ctx: Context, target: Target, callback: Callback, status_code: int | None, error: str | None) -> None:
    now = ctx.clock.now()
    callback.attempts += 1
    callback.last_attempt_at, callback.last_status_code, callback.last_error = now, status_code, error
    callback.updated_at = now
    if error is None:
        callback.status, callback.delivered_at = DELIVERED, now
        CALLBACKS.labels("delivered").inc()
    elif callback.attempts >= target.max_attempts:
        callback.status, callback.failed_at = FAILED, now
        CALLBACKS.labels("dead_lettered").inc()
        log.warning(
            "callback %s dead-lettered after %d tries (traceparent %s): %s",
            callback.id,
            callback.attempts,
            callback.traceparent,
            error,
            extra={"traceparent": callback.traceparent},
        )
        await record_audit(
            ctx.session,
            actor=ctx.actor,
            action="callback.failed",
            entity_type="callback",
            entity_id=str(callback.id),
            before={"status": PENDING},
            after={"status": FAILED, "attempts": callback.attempts, "last_error": error},
        )
    else:
        callback.next_attempt_at = now + target.backoff(callback.attempts)
        CALLBACKS.labels("retried").inc()


# -- the admin's view -----------------------------------------------------------------------------------


async def list_callbacks(
    ctx: Context, *, status: str | None, ticket_id: uuid.UUID | None, limit: int, after: int | None
) -> list[Callback]:
    return await repository.search(ctx.session, status=status, ticket_id=ticket_id, limit=limit, after=after)


async def get_callback(ctx: Context, callback_id: uuid.UUID, *, for_update: bool = False) -> Callback:
    callback = await repository.get(ctx.session, callback_id, for_update=for_update)
    if callback is None:
        raise CallbackNotFound(f"no callback {callback_id}", detail_zh=f"没有回调{callback_id}")
    return callback


async def redrive(ctx: Context, callback_id: uuid.UUID) -> Callback:
    """A dead-lettered callback back in the queue, its tries counted afresh; the job sends it next."""
    callback = await get_callback(ctx, callback_id, for_update=True)
    if callback.status != FAILED:
        raise CallbackNotFailed(
            f"the callback is {callback.status}",
            detail_zh=f"该回调状态为{STATUS_NAMES_ZH[callback.status]}",
            callback_status=callback.status,
        )
    now = ctx.clock.now()
    callback.status, callback.attempts, callback.next_attempt_at = PENDING, 0, now
    callback.failed_at, callback.redriven_count, callback.updated_at = None, callback.redriven_count + 1, now
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="callback.redrive",
        entity_type="callback",
        entity_id=str(callback.id),
        before={"status": FAILED},
        after={"status": PENDING, "redriven_count": callback.redriven_count},
    )
    return callback
