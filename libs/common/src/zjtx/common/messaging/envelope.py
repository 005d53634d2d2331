"""The envelope every event travels in (DESIGN: "Envelope")."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from zjtx.common import tracing
from zjtx.common.events import EventContract
from zjtx.common.logs import client_var


class Envelope(BaseModel):
    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    event_type: str
    event_version: int = 1
    occurred_at: AwareDatetime
    producer: str
    key: str
    correlation_id: uuid.UUID | None = None
    causation_id: uuid.UUID | None = None
    # W3C trace context of the act that wrote the event (optional: events written before it had none).
    traceparent: str | None = None
    # The API client whose request wrote the event (the data platform, an approver, a bank); null for one a
    # service wrote on its own (a consumer's effect, a scheduled job), and in events written before it was
    # carried. What an enterprise's history shows as who acted.
    actor: str | None = None
    payload: dict[str, Any]

    @property
    def topic(self) -> str:
        """`<service>.<aggregate>` from `<service>.<aggregate>.<verb>`."""
        return self.event_type.rsplit(".", 1)[0]

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Envelope:
        return cls.model_validate_json(raw)


def dead_letter_topic(topic: str) -> str:
    return f"{topic}.dlq"


def make_envelope(
    contract: EventContract[Any],
    *,
    key: str,
    payload: BaseModel,
    producer: str,
    occurred_at: datetime,
    correlation_id: uuid.UUID | None = None,
    causation_id: uuid.UUID | None = None,
    traceparent: str | None = None,
    actor: str | None = None,
) -> Envelope:
    """The envelope of one event of a declared contract; the payload must be of the contract's model.
    The ids and trace context not given are those of what is being handled (zjtx.common.tracing): the
    request's id as correlation id, or the event being applied as cause and its correlation id."""
    if not isinstance(payload, contract.payload):
        raise TypeError(f"{contract!r} carries {contract.payload.__name__}, not {type(payload).__name__}")
    correlated, caused_by, context = tracing.envelope_context(key, contract.event_type)
    correlation_id = correlation_id or correlated
    causation_id = causation_id or caused_by
    traceparent = traceparent or context
    # The client of the request being handled, if any (set once its key is checked; a consumer's or a
    # job's task never has one).
    actor = actor or client_var.get()
    return Envelope(
        event_type=contract.event_type,
        event_version=contract.version,
        occurred_at=occurred_at,
        producer=producer,
        key=key,
        correlation_id=correlation_id,
        causation_id=causation_id,
        traceparent=traceparent,
        actor=actor,
        payload=payload.model_dump(mode="json"),
    )
