"""The tables the kit keeps in every service's database, besides the service's own: the outbox, the
inbox and the dead letters of the event bus, the audit trail, and the idempotency keys of the API.
Migrated by the kit's own Alembic branch (`platform`), which every service's history depends on."""

from __future__ import annotations

from zjtx.common.db import PlatformBase
from zjtx.common.messaging.tables import DeadLetterRow, InboxRow, OutboxRow
from zjtx.common.web.audit import AuditRecord
from zjtx.common.web.idempotency import IdempotencyRecord

metadata = PlatformBase.metadata

__all__ = ["AuditRecord", "DeadLetterRow", "IdempotencyRecord", "InboxRow", "OutboxRow", "metadata"]
