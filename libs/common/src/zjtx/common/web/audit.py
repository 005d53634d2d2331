"""The audit trail: who changed what, when, from what to what (DESIGN: "Security")."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Identity, Index, String, Text, Uuid, bindparam, cast, func, insert, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common import jsontext
from zjtx.common.db import PlatformBase, Write, unnest_rows, write


class AuditRecord(PlatformBase):
    __tablename__ = "audit_log"
    # The trail's order (audit_trail): `at` is the transaction's start, shared by all its records.
    __table_args__ = (Index("ix_audit_log_at_seq", "at", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # The order records were written in (platform_0004): what tells apart the records of one transaction.
    seq: Mapped[int] = mapped_column(BigInteger, Identity(always=True), unique=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    entity_type: Mapped[str] = mapped_column(String(100))
    entity_id: Mapped[str] = mapped_column(String(100), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    request_id: Mapped[str | None] = mapped_column(String(100))
    # The caller's own X-Request-ID, when it sent one (ours is request_id).
    client_request_id: Mapped[str | None] = mapped_column(String(100))


@dataclass(frozen=True)
class Actor:
    """Who a use case acts for: the API client (or `system:<job>`), and the request that carried it (our
    id for it, and the caller's own, if it sent one)."""

    name: str
    request_id: str | None = None
    client_request_id: str | None = None


SYSTEM = Actor("system")


@dataclass(frozen=True)
class AuditEntry:
    """One audit record to write among many (audit_insert_many)."""

    actor: Actor
    action: str
    entity_type: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


async def record_audit(
    session: AsyncSession,
    *,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    await write(
        session,
        audit_insert(
            actor=actor, action=action, entity_type=entity_type, entity_id=entity_id, before=before, after=after
        ),
    )


def audit_insert(
    *,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> Write:
    """An audit record as a row to write (zjtx.common.db.write): alone, or in the statement that
    writes what it is about."""
    return _INSERT, {
        "audit_id": uuid.uuid4(),
        "audit_actor": actor.name,
        "audit_action": action,
        "audit_entity_type": entity_type,
        "audit_entity_id": entity_id,
        "audit_before": before,
        "audit_after": after,
        "audit_request_id": actor.request_id,
        "audit_client_request_id": actor.client_request_id,
    }


def audit_insert_many(entries: Sequence[AuditEntry]) -> Write:
    """Many audit records as one row to write (zjtx.common.db.write)."""
    return _INSERT_MANY, {
        "audit_rows_id": [uuid.uuid4() for _ in entries],
        "audit_rows_actor": [e.actor.name for e in entries],
        "audit_rows_action": [e.action for e in entries],
        "audit_rows_entity_type": [e.entity_type for e in entries],
        "audit_rows_entity_id": [e.entity_id for e in entries],
        "audit_rows_before": [None if e.before is None else jsontext.dumps(e.before) for e in entries],
        "audit_rows_after": [None if e.after is None else jsontext.dumps(e.after) for e in entries],
        "audit_rows_request_id": [e.actor.request_id for e in entries],
        "audit_rows_client_request_id": [e.actor.client_request_id for e in entries],
    }


_TABLE = AuditRecord.__table__
_INSERT = insert(_TABLE).values(
    {c.key: bindparam(f"audit_{c.key}", type_=c.type) for c in _TABLE.columns if c.key not in ("at", "seq")}
)

_ROWS = unnest_rows(
    "audit_rows",
    {
        "id": Uuid(),
        "actor": Text(),
        "action": Text(),
        "entity_type": Text(),
        "entity_id": Text(),
        "before": Text(),
        "after": Text(),
        "request_id": Text(),
        "client_request_id": Text(),
    },
)
_INSERT_MANY = insert(_TABLE).from_select(
    ["id", "actor", "action", "entity_type", "entity_id", "before", "after", "request_id", "client_request_id"],
    select(
        _ROWS.c.id,
        _ROWS.c.actor,
        _ROWS.c.action,
        _ROWS.c.entity_type,
        _ROWS.c.entity_id,
        cast(_ROWS.c.before, JSONB),
        cast(_ROWS.c.after, JSONB),
        _ROWS.c.request_id,
        _ROWS.c.client_request_id,
    ).order_by(_ROWS.c.n),  # seq is drawn row by row as the sorted rows come: in the order listed
)
