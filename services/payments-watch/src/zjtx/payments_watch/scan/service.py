"""The daily scan (hourly job `scan-overdue`; `POST /v1/admin/jobs/scan-overdue?as_of=` runs it now for
a day up to today). Safe with several replicas: each payable's row is locked while its event is
written and marked published in the same transaction, and rows another replica holds are skipped, so
`payments.payable.became_overdue` is published once per payable.

1. contracts waiting for a calendar now on record, or decided with parameters a release changed, are
   read again (a bounded number per run);
2. every payable overdue by the day and not yet published gets its event, a batch at a time, the
   database doing the selection;
3. every buyer's A10.5 risk as of the day is stored, a change of level published."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.common.calendar import load_calendar
from zjtx.common.db import write
from zjtx.common.events import payments as payment_events
from zjtx.common.kit.context import Context
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.messaging.outbox import outbox_insert_many
from zjtx.common.money import fen_to_yuan
from zjtx.common.web.audit import AuditEntry, audit_insert_many
from zjtx.payments_watch import SERVICE_NAME, errors
from zjtx.payments_watch.contract import recompute
from zjtx.payments_watch.contract import repository as contract_repository
from zjtx.payments_watch.risk import service as risk_service
from zjtx.payments_watch.scan import repository

BATCH = 2_000
REVIEWS_PER_RUN = 500


async def scan_overdue(ctx: Context, as_of: date | None = None) -> int:
    """Returns the events published: payables become overdue and buyers whose level moved."""
    today = ctx.today()
    day = as_of or today
    if day > today:
        raise errors.DateInFuture(
            f"as_of {day} is after today ({today}): nothing can have fallen due then",
            detail_zh=f"as_of {day}晚于今天（{today}）：届时尚无到期款项",
        )
    await _review_waiting(ctx)
    published = await publish_overdue(ctx, day)
    return published + await risk_service.refresh_all(ctx, day)


async def _review_waiting(ctx: Context) -> int:
    known = sorted(load_calendar().years)
    ids = await contract_repository.with_provisional_due_dates(ctx.session, known, REVIEWS_PER_RUN)
    ids += await contract_repository.read_with_other_parameters(ctx.session, ctx.parameters.version, REVIEWS_PER_RUN)
    return await recompute.review(ctx, sorted(set(ids)))


async def publish_overdue(ctx: Context, day: date, *, batch: int = BATCH) -> int:
    published = 0
    after: tuple[date, uuid.UUID] | None = None
    now = ctx.clock.now()
    while True:
        locked = await repository.lock_batch(ctx.session, day, after=after, limit=batch)
        if not locked:
            return published
        after = locked[-1]
        due = await repository.details(ctx.session, [payable_id for _, payable_id in locked], day)
        envelopes = [
            make_envelope(
                payment_events.PAYABLE_BECAME_OVERDUE,
                key=d.contract_no,
                payload=payment_events.PayableOverdue(
                    payable_id=d.payable_id,
                    contract_no=d.contract_no,
                    buyer_code=d.buyer_code,
                    seller_uscc=d.seller_uscc,
                    amount=fen_to_yuan(d.amount_fen),
                    outstanding=fen_to_yuan(d.outstanding_fen),
                    due_on=d.due_on,
                    regulation_version=d.regulation_version,
                    due_is_reference=d.due_is_reference,
                ),
                producer=SERVICE_NAME,
                occurred_at=now,
            )
            for d in due
        ]
        audits = [
            AuditEntry(
                actor=ctx.actor,
                action="payable.became_overdue",
                entity_type="payable",
                entity_id=str(d.payable_id),
                before={"overdue_notified_on": None},
                after={
                    "contract_no": d.contract_no,
                    "due_on": d.due_on.isoformat(),
                    "overdue_from": d.overdue_from.isoformat(),
                    "overdue_notified_on": day.isoformat(),
                    "event_id": str(envelope.event_id),
                },
            )
            for d, envelope in zip(due, envelopes, strict=True)
        ]
        await repository.mark_published(
            ctx.session, [(d.payable_id, e.event_id) for d, e in zip(due, envelopes, strict=True)], day
        )
        await write(ctx.session, outbox_insert_many(envelopes), audit_insert_many(audits))
        published += len(envelopes)
        if len(locked) < batch:
            return published
