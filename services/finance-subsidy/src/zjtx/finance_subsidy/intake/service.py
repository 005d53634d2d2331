"""The banks' loan events, whichever way they come: the signed webhook (POST /v1/bank-events) and the
topic `bank.loan-events`, which the kit consumes (a foreign topic, zjtx.common.kit.foreign). Both go
through `BANK_EVENTS`: the same reader, the same handler, the same inbox, so an event id is applied once
whichever way it came first.

An event about a loan not reported yet is held (kept, answered `held`) and applied when the loan's
`loan.disbursed` arrives, never dropped; one that turns out invalid then is kept as refused with the
reason, for staff. An enterprise's events are applied under its lock (its yearly cap, its subsidies)."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import Write, lock_for, write
from zjtx.common.error_titles import chinese_title
from zjtx.common.errors import AppError
from zjtx.common.kit.context import Context
from zjtx.common.kit.foreign import ForeignTopic
from zjtx.common.messaging.foreign import ForeignMessage
from zjtx.common.sampling import Measure
from zjtx.common.web.audit import record_audit
from zjtx.finance_subsidy import SERVICE_NAME, errors, locks
from zjtx.finance_subsidy.bank.models import Bank
from zjtx.finance_subsidy.bank.service import known_bank
from zjtx.finance_subsidy.error_titles import ERROR_TITLES
from zjtx.finance_subsidy.intake import repository
from zjtx.finance_subsidy.intake.models import APPLIED, HELD, REFUSED, BankEvent
from zjtx.finance_subsidy.intake.schemas import (
    BankEventReceipt,
    Defaulted,
    InterestPaid,
    LoanDisbursed,
    ReceivedEvent,
    Recovered,
    Repaid,
    read_bank_event,
)
from zjtx.finance_subsidy.loan import repository as loan_repository
from zjtx.finance_subsidy.loan import service as loans
from zjtx.finance_subsidy.loan.models import Loan
from zjtx.finance_subsidy.loan.repository import LoanTerms
from zjtx.finance_subsidy.pool import service as pool
from zjtx.finance_subsidy.subsidy import service as subsidies

log = logging.getLogger(__name__)

TOPIC = "bank.loan-events"


async def apply_bank_event(ctx: Context, message: ForeignMessage) -> None:
    """One bank event, new (the inbox let it through): applied, or held until its loan is reported, and
    recorded with its outcome (which the event keeps for the webhook's answer)."""
    event: ReceivedEvent = message.body
    if isinstance(event.payload, LoanDisbursed):
        bank = await known_bank(ctx, event.bank_code)
        await lock_for(ctx.session, *locks.LOAN, bank.code, event.loan_id)  # the events held for it, all of them
        await subsidies.lock_enterprise(ctx, event.payload.uscc)
        loan, _ = await loans.record_disbursement(ctx, bank, event.payload, event_id=event.event_id)
        await write(ctx.session, _record(ctx, event, APPLIED, None))
        await _release_held(ctx, bank, loan)
        return
    loan = await loan_repository.terms_locking_enterprise(ctx.session, event.bank_code, event.loan_id)
    await _apply_to_terms(ctx, event, loan)


async def _apply_to_terms(ctx: Context, event: ReceivedEvent, loan: LoanTerms | None) -> None:
    """An event about a loan reported before (its terms read, its enterprise locked), or held when `loan`
    is None after a look again under the loan's lock."""
    if loan is None:
        # Not reported yet, unless its disbursement commits right now: under the loan's lock, look again.
        await lock_for(ctx.session, *locks.LOAN, event.bank_code, event.loan_id)
        loan = await loan_repository.terms_locking_enterprise(ctx.session, event.bank_code, event.loan_id)
    if loan is None:  # held; the bank must be registered all the same
        await known_bank(ctx, event.bank_code)
        loan_ref = f"{event.bank_code}/{event.loan_id}"
        reason = f"loan {loan_ref} is not reported yet: held until its loan.disbursed"
        reason_zh = f"贷款{loan_ref}尚未报送：暂存，待其放款事件（loan.disbursed）到达后处理"
        await write(ctx.session, _record(ctx, event, HELD, reason, reason_zh))
        return
    recorded = _record(ctx, event, APPLIED, None)
    if isinstance(event.payload, InterestPaid):  # the hot path: the period inserted as its year is read
        payload = event.payload
        loans.check_interest(ctx, loan, payload)
        period, place, audit = loans.new_period(ctx, loan, payload, event_id=event.event_id)
        if not await subsidies.decide_new_period(ctx, period, place, beside=[recorded], on_insert=[audit]):
            places = await loans.correct_interest(ctx, loan, payload, event_id=event.event_id)
            await subsidies.reconcile(ctx, loan.uscc, locked=True, beside=[recorded], from_order=places)
        return
    loan = await loan_repository.get(ctx.session, event.bank_code, event.loan_id, for_update=True)  # afresh
    await _apply_to_loan(ctx, loan, event)
    await write(ctx.session, recorded)


def _record(ctx: Context, event: ReceivedEvent, status: str, reason: str | None, reason_zh: str | None = None) -> Write:
    """The event's row with its outcome (why held, in English and Chinese), to write; the event keeps the
    outcome for the webhook's answer."""
    now = ctx.clock.now()
    event.outcome.update(status=status, reason=reason)
    return repository.event_insert(
        {
            "id": uuid.uuid4(),
            "bank_code": event.bank_code,
            "event_id": event.event_id,
            "event_type": event.type,
            "occurred_at": event.occurred_at,
            "loan_id": event.loan_id,
            "payload": event.payload_json,
            "fingerprint": event.fingerprint,
            "received_via": event.via,
            "received_at": now,
            "status": status,
            "reason": reason,
            "reason_zh": reason_zh,
            "applied_at": now if status == APPLIED else None,
        }
    )


def _applied(ctx: Context, row: BankEvent) -> None:
    row.status, row.reason, row.reason_zh, row.applied_at = APPLIED, None, None, ctx.clock.now()


async def _apply_to_loan(ctx: Context, loan: Loan, event: ReceivedEvent) -> None:
    payload = event.payload
    if isinstance(payload, InterestPaid):
        places, rows = await loans.record_interest(ctx, loan, payload, event_id=event.event_id)
        await subsidies.reconcile(ctx, loan.uscc, locked=True, beside=rows, from_order=places)
    elif isinstance(payload, Repaid):
        await loans.record_repayment(ctx, loan, payload, event_id=event.event_id)
    elif isinstance(payload, Defaulted):
        if await loans.record_default(ctx, loan, payload):
            await pool.compensate_default(ctx, loan)
    elif isinstance(payload, Recovered):
        await pool.record_recovery(ctx, loan, payload, event_id=event.event_id)
    else:  # a second loan.disbursed is record_disbursement's; nothing else reaches here
        raise AssertionError(f"unexpected {event.type}")


async def _release_held(ctx: Context, bank: Bank, loan: Loan) -> None:
    """The events that waited for this loan, in the order they occurred (the enterprise's lock is held)."""
    for held in await repository.held_for(ctx.session, bank.code, loan.loan_id):
        event = read_bank_event(_raw(held), via=held.received_via).body
        try:
            async with ctx.session.begin_nested():
                await _apply_to_loan(ctx, loan, event)
        except AppError as exc:  # the bank's error, found only now: kept as refused for staff
            held.status, held.reason = REFUSED, f"{exc.code}: {exc.detail or exc.title}"
            # In Chinese the error is said by its title, the service's name for its code (ERROR_TITLES).
            name = chinese_title(exc.code, exc.title, ERROR_TITLES)
            held.reason_zh = f"{name}：{exc.detail_zh}" if exc.detail_zh else name
            await ctx.session.flush()
            await _audit(ctx, held, "bank_event.refused")
            continue
        _applied(ctx, held)
        await ctx.session.flush()
        await _audit(ctx, held, "bank_event.released")


def _raw(held: BankEvent) -> bytes:
    import json

    return json.dumps(
        {
            "event_id": held.event_id,
            "type": held.event_type,
            "bank_code": held.bank_code,
            "occurred_at": held.occurred_at.isoformat(),
            "payload": held.payload,
        }
    ).encode()


async def _audit(ctx: Context, row: BankEvent, action: str) -> None:
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action=action,
        entity_type="bank_event",
        entity_id=f"{row.bank_code}/{row.event_id}",
        before={"status": HELD},
        after={"status": row.status, "reason": row.reason},
    )


BANK_EVENTS = ForeignTopic(
    topic=TOPIC,
    consumer=f"{SERVICE_NAME}.bank-events",
    read=partial(read_bank_event, via="kafka"),
    handle=apply_bank_event,
)


async def receive_webhook(ctx: Context, *, caller_bank: str, raw: bytes) -> BankEventReceipt:
    """A bank's signed event (the signature is checked before this): read, for the caller's own bank only,
    then applied once through the same route as the topic's messages."""
    message = read_bank_event(raw, via="webhook")
    event: ReceivedEvent = message.body
    if event.bank_code != caller_bank:
        raise errors.BankMismatch(
            f"this key sends for bank {caller_bank}, not {event.bank_code}",
            detail_zh=f"该密钥只能代银行{caller_bank}报送，不能代{event.bank_code}",
        )
    if await _receive(ctx, message):
        return BankEventReceipt(
            event_id=event.event_id,
            bank_code=event.bank_code,
            type=event.type,
            loan_id=event.loan_id,
            status=event.outcome["status"],
            duplicate=False,
            received_via=event.via,
            reason=event.outcome["reason"],
        )
    row = await repository.get(ctx.session, event.bank_code, event.event_id)
    assert row is not None, "an event the inbox has seen is recorded"
    if row.fingerprint != event.fingerprint:
        raise errors.BankEventConflict(
            f"event {event.event_id} was received before with another content",
            detail_zh=f"事件{event.event_id}此前已收到，内容不同",
        )
    return BankEventReceipt(
        event_id=row.event_id,
        bank_code=row.bank_code,
        type=row.event_type,
        loan_id=row.loan_id,
        status=row.status,
        duplicate=True,
        received_via=row.received_via,
        reason=row.reason,
    )


async def _receive(ctx: Context, message: ForeignMessage) -> bool:
    """BANK_EVENTS.receive, with the claim and the loan's terms read in one statement for the events
    about a loan reported before (all but loan.disbursed, which takes the loan's lock first)."""
    event: ReceivedEvent = message.body
    if isinstance(event.payload, LoanDisbursed):
        return await BANK_EVENTS.receive(ctx, message)
    claimed, loan = await repository.claim_with_terms(
        ctx.session, BANK_EVENTS.consumer, message, bank_code=event.bank_code, loan_id=event.loan_id
    )
    if claimed:
        await _apply_to_terms(ctx, event, loan)
    return claimed


def stale_after(ctx: Context) -> timedelta:
    return timedelta(days=int(ctx.parameters.in_force("held_event_age", ctx.today()).body["days"]))


async def count_stale_held(ctx: Context) -> int:
    """The scheduled check: held events older than the parameter, logged for staff (listed by the API)."""
    stale = await repository.count_held_before(ctx.session, ctx.clock.now() - stale_after(ctx))
    if stale:
        log.warning(
            "%d bank events held for their loan longer than %s: GET /v1/bank-events?stale=true", stale, stale_after(ctx)
        )
    return stale


# The gauges of held events (the definition's `measures`), for an alert before staff's hourly check.
async def held_events(session: AsyncSession) -> float:
    return (await repository.held_now(session))[0]


async def oldest_held_event_age(session: AsyncSession) -> float:
    return (await repository.held_now(session))[1]


HELD_MEASURES = (
    Measure("zjtx_finance_bank_events_held", "Bank events held until their loan is reported", held_events),
    Measure(
        "zjtx_finance_bank_events_held_oldest_age_seconds",
        "Age of the bank event held longest (0 when none is held)",
        oldest_held_event_age,
    ),
)
