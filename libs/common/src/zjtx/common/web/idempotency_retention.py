"""Deleting Idempotency-Key records (zjtx.common.web.idempotency): those older than the retention, and
the committed claims without an answer that the earlier design left (a key claimed in a transaction of
its own, by a process killed before it settled it: answered 409 for ever). Run by every service's
scheduler (zjtx.common.kit.process), in batches of a transaction each, so that no run holds many row
locks, or any for long, against the requests that use the table."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from zjtx.common.db import transaction
from zjtx.common.metrics import IDEMPOTENCY_KEYS_DELETED

log = logging.getLogger(__name__)

JOB_NAME = "idempotency-keys-retention"
EVERY_SECONDS = 600.0
BATCH_SIZE = 1000
# A run stops after this many batches; what is left goes at the next run.
MAX_BATCHES = 100
# A claim without an answer is committed only by a process of the earlier version, which settles it when
# its request ends: during an upgrade such a request may still be running, and deleting its claim would
# let a duplicate run beside it. No request runs this long; a claim older is one nobody will settle.
STUCK_GRACE = timedelta(minutes=15)

# SKIP LOCKED: a row a request is answering (or a concurrent run deleting) is left for the next run.
_DELETE = """
    DELETE FROM idempotency_keys WHERE ctid IN (
        SELECT ctid FROM idempotency_keys WHERE {where} LIMIT :batch FOR UPDATE SKIP LOCKED
    )
"""
_EXPIRED = text(_DELETE.format(where="created_at < :before"))
_STUCK = text(_DELETE.format(where="status_code IS NULL AND created_at < :before"))


async def delete_old_keys(sessions, *, retention: timedelta, now: datetime | None = None) -> int:
    """Delete the records older than `retention` and the stuck claims; returns how many."""
    now = now or datetime.now(UTC)
    expired = await _delete(sessions, _EXPIRED, now - retention)
    stuck = await _delete(sessions, _STUCK, now - STUCK_GRACE)
    IDEMPOTENCY_KEYS_DELETED.labels("expired").inc(expired)
    IDEMPOTENCY_KEYS_DELETED.labels("unanswered").inc(stuck)
    if expired or stuck:
        log.info(
            "deleted %d idempotency keys older than %s and %d claims left unanswered by an earlier version",
            expired,
            retention,
            stuck,
        )
    return expired + stuck


async def _delete(sessions, statement, before: datetime) -> int:
    deleted = 0
    for _ in range(MAX_BATCHES):
        async with transaction(sessions) as session:
            count = (await session.execute(statement, {"before": before, "batch": BATCH_SIZE})).rowcount
        deleted += count
        if count < BATCH_SIZE:
            break
    return deleted
