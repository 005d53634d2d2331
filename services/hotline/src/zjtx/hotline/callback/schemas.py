from __future__ import annotations

import json
import uuid
from typing import Any

from pydantic import BaseModel, Field

from zjtx.hotline.callback.models import Callback
from zjtx.hotline.ticket.schemas import Local

CALLBACK_STATUSES_SAID = (
    "`pending` (to deliver, or retried with back-off), `delivered` (the 12345 system answered 2xx), `failed` "
    "(parked after the last try: re-driven by an admin)"
)


class CallbackRead(BaseModel):
    id: uuid.UUID = Field(description="the callback's id")
    seq: int = Field(description="the order it was made in")
    event_id: uuid.UUID = Field(description="the ticket event it tells of")
    ticket_id: uuid.UUID = Field(description="the ticket's id")
    event_type: str = Field(description="the event: `hotline.ticket.received`, `…assigned`, `…replied`, …")
    status: str = Field(description=CALLBACK_STATUSES_SAID)
    attempts: int = Field(description="deliveries tried")
    next_attempt_at: Local = Field(description="when it is tried next (while pending)")
    last_attempt_at: Local | None = Field(description="when it was last tried")
    last_status_code: int | None = Field(description="the 12345 system's last HTTP status")
    last_error: str | None = Field(description="why the last try failed")
    delivered_at: Local | None = Field(description="when it was delivered")
    failed_at: Local | None = Field(description="when it was parked as failed")
    redriven_count: int = Field(description="times it was re-driven")
    created_at: Local = Field(description="when it was made")
    traceparent: str | None = Field(
        description="the W3C trace context of the event it tells of, sent with it (the call is traced under it); "
        "null for an event that carried none"
    )
    body: dict[str, Any] = Field(description="the body as signed and sent, with the ticket's `sequence`")


def callback_read(callback: Callback) -> CallbackRead:
    return CallbackRead(
        id=callback.id,
        seq=callback.seq,
        event_id=callback.event_id,
        ticket_id=callback.ticket_id,
        event_type=callback.event_type,
        status=callback.status,
        attempts=callback.attempts,
        next_attempt_at=callback.next_attempt_at,
        last_attempt_at=callback.last_attempt_at,
        last_status_code=callback.last_status_code,
        last_error=callback.last_error,
        delivered_at=callback.delivered_at,
        failed_at=callback.failed_at,
        redriven_count=callback.redriven_count,
        created_at=callback.created_at,
        traceparent=callback.traceparent,
        body=json.loads(callback.body),
    )
