"""The envelope every event travels in (DESIGN: "Envelope")."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field


class Envelope(BaseModel):
    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    event_type: str
    event_version: int = 1
    occurred_at: AwareDatetime
    producer: str
    key: str
    correlation_id: uuid.UUID | None = None
    causation_id: uuid.UUID | None = None
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


def topic_of(event_type: str) -> str:
    return event_type.rsplit(".", 1)[0]


def dead_letter_topic(topic: str) -> str:
    return f"{topic}.dlq"


def make_envelope(
    *,
    event_type: str,
    key: str,
    payload: dict[str, Any],
    producer: str,
    occurred_at: datetime,
    event_version: int = 1,
    correlation_id: uuid.UUID | None = None,
    causation_id: uuid.UUID | None = None,
) -> Envelope:
    return Envelope(
        event_type=event_type,
        event_version=event_version,
        occurred_at=occurred_at,
        producer=producer,
        key=key,
        correlation_id=correlation_id,
        causation_id=causation_id,
        payload=payload,
    )
