"""A5.3, the 助保贷 risk pool: deposits with their funders; 30% of a covered loan's principal outstanding
at default, paid at default when the pool can, else waiting and paid first-in first-out as deposits (or
returned shares) arrive; each recovery's 30% back to the pool (or off a compensation still waiting).
The balance never goes below zero. Every change happens under the pool's lock."""

from __future__ import annotations

from zjtx.common.db import lock_for
from zjtx.common.events import finance as events
from zjtx.common.kit.context import Context
from zjtx.common.messaging import add_event
from zjtx.common.money import fen_to_yuan, format_fen
from zjtx.common.web.audit import record_audit
from zjtx.finance_subsidy import SERVICE_NAME, errors, locks
from zjtx.finance_subsidy.bank import repository as banks
from zjtx.finance_subsidy.intake.schemas import Recovered
from zjtx.finance_subsidy.loan import service as loans
from zjtx.finance_subsidy.loan.models import Loan
from zjtx.finance_subsidy.pool import repository
from zjtx.finance_subsidy.pool.models import AWAITING, PAID, SETTLED, Compensation, Deposit, Recovery
from zjtx.finance_subsidy.pool.schemas import DepositCreate
from zjtx.finance_subsidy.rules.compensation import compensation_for_default, recovery_share

CITY = "city"


async def lock_pool(ctx: Context) -> None:
    await lock_for(ctx.session, *locks.POOL)


async def deposit(ctx: Context, data: DepositCreate) -> Deposit:
    """A deposit into the pool, by the city, a district or zone, or a bank; then what waits is paid."""
    if data.deposited_on > ctx.today():
        raise errors.DateInFuture(
            f"deposited_on {data.deposited_on} is after today ({ctx.today()})",
            detail_zh=f"存入日{data.deposited_on}晚于今天（{ctx.today()}）",
        )
    if data.amount <= 0:
        raise errors.AmountInvalid("amount: a deposit is more than 0.00", detail_zh="amount：存入金额应大于0.00")
    known = data.funder == CITY or data.funder in ctx.reference.divisions
    if not known and await banks.get(ctx.session, data.funder) is None:
        raise errors.FunderUnknown(
            f"{data.funder!r}: give `city`, a district or zone code, or a registered bank code",
            detail_zh=f"{data.funder!r}：请给出city、旗县区或园区代码，或已登记的银行代码",
        )
    await lock_pool(ctx)
    row = Deposit(amount_fen=data.amount, funder=data.funder, deposited_on=data.deposited_on, entered_by=ctx.actor.name)
    ctx.session.add(row)
    await ctx.session.flush()
    after = {"amount": format_fen(row.amount_fen), "funder": row.funder, "deposited_on": row.deposited_on.isoformat()}
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="risk_pool.deposited",
        entity_type="deposit",
        entity_id=str(row.id),
        before=None,
        after=after,
    )
    await pay_waiting(ctx)
    return row


async def compensate_default(ctx: Context, loan: Loan) -> Compensation | None:
    """The default of a covered 助保贷 loan: its compensation, paid now or waiting (behind any that already
    wait); then the recoveries reported before the default are settled as if they had come after it."""
    cover = await loans.cover_of(ctx, loan)
    decision, rate = compensation_for_default(
        bank_code=loan.bank_code,
        loan_id=loan.loan_id,
        outstanding_fen=loan.outstanding_at_default_fen or 0,
        defaulted_on=loan.defaulted_on,
        disbursed_on=loan.disbursed_on,
        cover=cover,
        parameters=ctx.parameters,
    )
    pending = await repository.pending_recoveries(ctx.session, loan.id)
    if not decision.eligible or rate is None:
        for recovery in pending:
            recovery.settlement = "not_covered"
        await ctx.session.flush()
        return None
    await lock_pool(ctx)
    queue_was_empty = not await repository.any_waiting(ctx.session)
    balance = (await repository.figures(ctx.session)).balance_fen
    compensation = Compensation(
        loan_ref=loan.id,
        bank_code=loan.bank_code,
        loan_id=loan.loan_id,
        uscc=loan.uscc,
        defaulted_on=loan.defaulted_on,
        outstanding_at_default_fen=loan.outstanding_at_default_fen or 0,
        rate=rate,
        computed_fen=decision.amount_fen,
        amount_fen=decision.amount_fen,
        status=AWAITING,
        queued_at=ctx.clock.now(),
        explanation=decision.explanation.as_dict(),
    )
    ctx.session.add(compensation)
    await ctx.session.flush()
    if queue_was_empty and balance >= compensation.amount_fen:
        await _pay(ctx, compensation, waited=False)
    else:
        await _audit(ctx, compensation, "compensation.awaiting_funds", None)
        await _publish(ctx, compensation, events.COMPENSATION_AWAITING_FUNDS)
    for recovery in pending:
        await _settle_recovery(ctx, recovery, compensation)
    return compensation


async def record_recovery(ctx: Context, loan: Loan, data: Recovered, *, event_id: str) -> Recovery:
    if data.recovered_on < loan.disbursed_on:
        raise errors.DateBeforeLoan(
            f"recovered_on {data.recovered_on} is before the disbursement {loan.disbursed_on}",
            detail_zh=f"追回日{data.recovered_on}早于放款日{loan.disbursed_on}",
        )
    if data.recovered_on > ctx.today():
        raise errors.DateInFuture(
            f"recovered_on {data.recovered_on} is after today ({ctx.today()})",
            detail_zh=f"追回日{data.recovered_on}晚于今天（{ctx.today()}）",
        )
    recovery = Recovery(
        loan_ref=loan.id,
        bank_code=loan.bank_code,
        loan_id=loan.loan_id,
        uscc=loan.uscc,
        amount_fen=data.amount,
        recovered_on=data.recovered_on,
        share_fen=0,
        returned_fen=0,
        settlement="pending",
        source_event_id=event_id,
    )
    ctx.session.add(recovery)
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="loan.recovered",
        entity_type="loan",
        entity_id=loans.loan_key(loan.bank_code, loan.loan_id),
        before=None,
        after={"recovered": format_fen(data.amount), "recovered_on": data.recovered_on.isoformat()},
    )
    if loan.defaulted_on is None:
        return recovery  # the default is not reported yet: settled when it is
    await lock_pool(ctx)
    compensation = await repository.compensation_of(ctx.session, loan.id)
    if compensation is None:
        recovery.settlement = "not_covered"
        await ctx.session.flush()
        return recovery
    await _settle_recovery(ctx, recovery, compensation)
    return recovery


async def _settle_recovery(ctx: Context, recovery: Recovery, compensation: Compensation) -> None:
    """The pool's share of a recovery: back to the pool when the compensation was paid (and then what
    waits may be paid), off the compensation when it still waits."""
    share = recovery_share(recovery.amount_fen, compensation.rate)
    recovery.share_fen = share
    if compensation.status == PAID:
        recovery.returned_fen, recovery.settlement = share, "returned"
        back = share
    else:
        back = min(share, compensation.amount_fen)
        before = {"amount": format_fen(compensation.amount_fen), "status": compensation.status}
        compensation.amount_fen -= back
        recovery.settlement = "deducted"
        if compensation.amount_fen == 0 and compensation.status == AWAITING:
            compensation.status = SETTLED
        await ctx.session.flush()
        await _audit(ctx, compensation, "compensation.reduced_by_recovery", before)
    await ctx.session.flush()
    await add_event(
        ctx.session,
        events.RECOVERY_RETURNED,
        key=loans.loan_key(recovery.bank_code, recovery.loan_id),
        payload=events.RecoveryReturned(
            recovery_id=recovery.id,
            uscc=recovery.uscc,
            bank_code=recovery.bank_code,
            loan_id=recovery.loan_id,
            recovered=fen_to_yuan(recovery.amount_fen),
            returned=fen_to_yuan(back),
            recovered_on=recovery.recovered_on,
        ),
        producer=SERVICE_NAME,
        occurred_at=ctx.clock.now(),
    )
    if recovery.settlement == "returned":
        await pay_waiting(ctx)


async def pay_waiting(ctx: Context) -> int:
    """Pay what waits, first in first out, while the balance covers the next one; how many were paid."""
    await lock_pool(ctx)
    balance = (await repository.figures(ctx.session)).balance_fen
    paid = 0
    for compensation in await repository.waiting(ctx.session):
        if compensation.amount_fen > balance:
            break  # first in, first out: a later, smaller one does not jump the queue
        await _pay(ctx, compensation, waited=True)
        balance -= compensation.amount_fen
        paid += 1
    return paid


async def _pay(ctx: Context, compensation: Compensation, *, waited: bool) -> None:
    before = {"status": AWAITING, "amount": format_fen(compensation.amount_fen)} if waited else None
    compensation.status, compensation.paid_at, compensation.paid_on = PAID, ctx.clock.now(), ctx.today()
    await ctx.session.flush()
    await _audit(ctx, compensation, "compensation.paid", before)
    await _publish(ctx, compensation, events.COMPENSATION_PAID)


async def _audit(ctx: Context, compensation: Compensation, action: str, before: dict | None) -> None:
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action=action,
        entity_type="compensation",
        entity_id=str(compensation.id),
        before=before,
        after={
            "loan": loans.loan_key(compensation.bank_code, compensation.loan_id),
            "amount": format_fen(compensation.amount_fen),
            "status": compensation.status,
            "paid_on": compensation.paid_on.isoformat() if compensation.paid_on else None,
        },
    )


async def _publish(ctx: Context, compensation: Compensation, contract) -> None:
    await add_event(
        ctx.session,
        contract,
        key=loans.loan_key(compensation.bank_code, compensation.loan_id),
        payload=events.CompensationEvent(
            compensation_id=compensation.id,
            uscc=compensation.uscc,
            bank_code=compensation.bank_code,
            loan_id=compensation.loan_id,
            amount=fen_to_yuan(compensation.amount_fen),
            status=compensation.status,
            defaulted_on=compensation.defaulted_on,
            paid_on=compensation.paid_on,
        ),
        producer=SERVICE_NAME,
        occurred_at=ctx.clock.now(),
    )


async def pool_figures(ctx: Context) -> repository.Figures:
    return await repository.figures(ctx.session)


async def list_compensations(ctx: Context, **filters) -> list[Compensation]:
    return await repository.search_compensations(ctx.session, **filters)
