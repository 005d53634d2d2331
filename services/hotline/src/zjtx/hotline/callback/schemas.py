from __future__ import annotations

import json
import uuid
from typing import Any

from pydantic import BaseModel

from zjtx.hotline.callback.models import Callback
from zjtx.hotline.ticket.schemas import Local


class CallbackRead(BaseModel):
    id: uuid.UUID
    seq: int
    event_id: uuid.UUID
    ticket_id: uuid.UUID
    event_type: str
    status: str
    attempts: int
    next_attempt_at: Local
    last_attempt_at: Local | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: Local | None
    failed_at: Local | None
    redriven_count: int
    created_at: Local
    body: dict[str, Any]


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
        body=json.loads(callback.body),
    )
