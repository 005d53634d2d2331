"""Loans as the banks report them: the disbursement (with its A5.2 check), interest periods (a report of
the same period with other figures is a correction), repayments and a default. Each change is audited;
a 助保贷 loan above its ceiling is flagged and published. What follows for subsidies and the risk pool is
the callers' (intake.service)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from zjtx.common.db import Write
from zjtx.common.events import finance as events
from zjtx.common.kit.context import Context
from zjtx.common.lpr import LprTable, LprUnknown
from zjtx.common.messaging import add_event
from zjtx.common.money import format_fen
from zjtx.common.web.audit import audit_insert, record_audit
from zjtx.finance_subsidy import SERVICE_NAME, errors
from zjtx.finance_subsidy.bank import repository as banks
from zjtx.finance_subsidy.bank.models import Bank
from zjtx.finance_subsidy.enterprise.service import known_enterprise
from zjtx.finance_subsidy.intake.schemas import Defaulted, InterestPaid, LoanDisbursed, Repaid
from zjtx.finance_subsidy.loan import repository
from zjtx.finance_subsidy.loan.models import InterestPeriod, Loan, Repayment
from zjtx.finance_subsidy.loan.repository import LoanTerms
from zjtx.finance_subsidy.loan.schemas import percent
from zjtx.finance_subsidy.lpr.repository import lpr_table
from zjtx.finance_subsidy.rules import ceiling as ceiling_rule

PENDING = "pending"  # a period's decision before its enterprise's subsidies are decided again


def loan_key(bank_code: str, loan_id: str) -> str:
    """The key of a loan's events: `<bank_code>/<loan_id>`."""
    return f"{bank_code}/{loan_id}"


def _not_in_future(ctx: Context, **dates: date) -> None:
    for name, day in dates.items():
        if day > ctx.today():
            raise errors.DateInFuture(
                f"{name} {day} is after today ({ctx.today()})", detail_zh=f"{name} {day}晚于今天（{ctx.today()}）"
            )


def _not_before_loan(loan: Loan | LoanTerms, **dates: date) -> None:
    for name, day in dates.items():
        if day < loan.disbursed_on:
            raise errors.DateBeforeLoan(
                f"{name} {day} is before the loan was disbursed on {loan.disbursed_on}",
                detail_zh=f"{name} {day}早于放款日{loan.disbursed_on}",
            )


async def record_disbursement(ctx: Context, bank: Bank, data: LoanDisbursed, *, event_id: str) -> tuple[Loan, bool]:
    """A new loan (True), or the same loan reported again with the same terms (False); other terms under
    a loan id on record are refused."""
    _not_in_future(ctx, disbursed_on=data.disbursed_on)
    await known_enterprise(ctx, data.uscc)
    existing = await repository.get(ctx.session, bank.code, data.loan_id)
    if existing is not None:
        if _terms(existing) != _terms_of(data):
            raise errors.LoanExists(
                f"{bank.code} reported loan {data.loan_id} before, with other terms",
                detail_zh=f"{bank.code}此前已报送贷款{data.loan_id}，条款不同",
            )
        return existing, False
    loan = Loan(
        bank_code=bank.code,
        loan_id=data.loan_id,
        uscc=data.uscc,
        principal_fen=data.principal,
        annual_rate=data.annual_rate,
        disbursed_on=data.disbursed_on,
        maturity_on=data.maturity_on,
        purpose=data.purpose,
        product=data.product,
        repaid_fen=0,
        flags=[],
        source_event_id=event_id,
    )
    ctx.session.add(loan)
    await ctx.session.flush()
    await _audit(ctx, loan, "loan.disbursed", None, _view(loan))
    await _check_ceiling(ctx, loan, bank=bank, table=await lpr_table(ctx.session))
    return loan, True


def _terms(loan: Loan) -> tuple:
    return (
        loan.uscc,
        loan.principal_fen,
        loan.annual_rate,
        loan.disbursed_on,
        loan.maturity_on,
        loan.purpose,
        loan.product,
    )


def _terms_of(data: LoanDisbursed) -> tuple:
    return data.uscc, data.principal, data.annual_rate, data.disbursed_on, data.maturity_on, data.purpose, data.product


async def _check_ceiling(ctx: Context, loan: Loan, *, bank: Bank | None, table: LprTable) -> None:
    """A5.2 on a 助保贷 loan: its flags and the check kept on it; a violation found now is published."""
    if bank is None:
        bank = await banks.get(ctx.session, loan.bank_code)
    check = ceiling_rule.check_ceiling(
        repository.fact(loan), partner=bool(bank and bank.zhubaodai_partner), lpr=table, parameters=ctx.parameters
    )
    if check is None:
        return
    before = loan.ceiling_status
    if before == check.status:
        return
    loan.ceiling_status, loan.ceiling = check.status, check.as_dict()
    loan.flags = sorted({*(f for f in loan.flags if f not in ceiling_rule_flags()), *check.flags})
    await ctx.session.flush()
    await _audit(ctx, loan, "loan.ceiling_checked", {"ceiling_status": before}, {"ceiling_status": check.status})
    if check.status == ceiling_rule.ABOVE:
        await add_event(
            ctx.session,
            events.RATE_VIOLATION_FLAGGED,
            key=loan_key(loan.bank_code, loan.loan_id),
            payload=events.RateViolationFlagged(
                uscc=loan.uscc,
                bank_code=loan.bank_code,
                loan_id=loan.loan_id,
                annual_rate=Decimal(percent(loan.annual_rate)),
                ceiling=check.ceiling,
                lpr=check.lpr,
                lpr_published_on=check.lpr_published_on,
                disbursed_on=loan.disbursed_on,
            ),
            producer=SERVICE_NAME,
            occurred_at=ctx.clock.now(),
        )


def ceiling_rule_flags() -> tuple[str, ...]:
    return ceiling_rule.ABOVE, ceiling_rule.NOT_PARTNER


async def check_ceilings(ctx: Context, *, uscc: str, disbursed_from: date) -> None:
    """A5.2 again for an enterprise's 助保贷 loans disbursed on or after a date (a new LPR publication)."""
    table = await lpr_table(ctx.session)
    for loan in await repository.of_enterprise(ctx.session, uscc):
        if loan.product == ceiling_rule.ZHUBAODAI and loan.disbursed_on >= disbursed_from:
            await _check_ceiling(ctx, loan, bank=None, table=table)


async def cover_of(ctx: Context, loan: Loan) -> str | None:
    """Why the loan has no 助保贷 cover (A5.3), or None when it has it. Its A5.2 check must be decided:
    one still waiting for the LPR is checked again now, and LprUnknown raised if it must still wait."""
    if loan.product != ceiling_rule.ZHUBAODAI:
        return f"a {loan.product} loan, not 助保贷"
    if loan.ceiling_status == ceiling_rule.WAITING_LPR:
        await _check_ceiling(ctx, loan, bank=None, table=await lpr_table(ctx.session))
        if loan.ceiling_status == ceiling_rule.WAITING_LPR:
            raise LprUnknown(f"the A5.2 ceiling of {loan.bank_code}/{loan.loan_id} waits for the LPR on its date")
    if loan.ceiling_status == ceiling_rule.WITHIN:
        return None
    reason = (loan.ceiling or {}).get("explanation", {}).get("reasons") or [loan.ceiling_status or "not checked"]
    return "; ".join(reason)


def check_interest(ctx: Context, loan: Loan | LoanTerms, data: InterestPaid) -> None:
    """What an interest period must be against its loan and today (no database needed)."""
    if data.period_start < loan.disbursed_on or data.period_end > loan.maturity_on:
        raise errors.PeriodOutsideLoan(
            f"{data.period_start} to {data.period_end} is outside the loan's {loan.disbursed_on} to {loan.maturity_on}",
            detail_zh=f"计息期{data.period_start}至{data.period_end}超出贷款期限{loan.disbursed_on}至{loan.maturity_on}",
        )
    _not_before_loan(loan, paid_on=data.paid_on)
    _not_in_future(ctx, paid_on=data.paid_on, period_start=data.period_start)
    if data.outstanding_principal > loan.principal_fen:
        raise _exceeds(data.outstanding_principal, loan)


def new_period(ctx: Context, loan: Loan | LoanTerms, data: InterestPaid, *, event_id: str) -> tuple[dict, tuple, Write]:
    """A period reported for the first time: its row (loan.repository.NEW_PERIOD), its place in the order of
    payment (rules.facts.payment_order), and its audit record to write once it is inserted."""
    period = {
        "id": uuid.uuid4(),
        "loan_ref": loan.id,
        "bank_code": loan.bank_code,
        "loan_id": loan.loan_id,
        "uscc": loan.uscc,
        "period_start": data.period_start,
        "period_end": data.period_end,
        "outstanding_fen": data.outstanding_principal,
        "interest_fen": data.interest_amount,
        "interest_paid_on": data.paid_on,
        "year": data.paid_on.year,
        "source_event_id": event_id,
    }
    place = (data.paid_on, data.period_end, data.period_start, loan.bank_code, loan.loan_id)
    view = {
        "loan": loan_key(loan.bank_code, loan.loan_id),
        "period_start": data.period_start.isoformat(),
        "period_end": data.period_end.isoformat(),
        "outstanding_principal": format_fen(data.outstanding_principal),
        "interest_amount": format_fen(data.interest_amount),
        "paid_on": data.paid_on.isoformat(),
        "revision": 1,
    }
    audit = audit_insert(
        actor=ctx.actor,
        action="interest_period.reported",
        entity_type="interest_period",
        entity_id=str(period["id"]),
        before=None,
        after=view,
    )
    return period, place, audit


async def record_interest(
    ctx: Context, loan: Loan | LoanTerms, data: InterestPaid, *, event_id: str
) -> tuple[dict[int, tuple], list[Write]]:
    """The period as reported. Per year (of payment) whose subsidies it touches, the place in the order of
    payment from which they change: nothing when it was reported before with the same figures, its old
    and its new place when a correction moves it. And the rows to write beside the decision's (a new
    period's audit record). (The intake's hot path inserts a new period with its decision's reading:
    subsidy.service.decide_new_period; this is the rest.)"""
    check_interest(ctx, loan, data)
    period, place, audit = new_period(ctx, loan, data, event_id=event_id)
    if await repository.insert_period(ctx.session, period):  # refused by the database if it overlaps another
        return {data.paid_on.year: place}, [audit]
    return await correct_interest(ctx, loan, data, event_id=event_id), []


async def correct_interest(
    ctx: Context, loan: Loan | LoanTerms, data: InterestPaid, *, event_id: str
) -> dict[int, tuple]:
    """A period the loan has: the same figures again change nothing; other figures are a correction (its
    revision goes up). Per year touched, the place from which its subsidies change."""
    same = await repository.period_by_key(ctx.session, loan.id, data.period_start, data.period_end)
    figures = (data.outstanding_principal, data.interest_amount, data.paid_on)
    if (same.outstanding_fen, same.interest_fen, same.interest_paid_on) == figures:
        return {}
    before = _period_view(same)
    old = (same.interest_paid_on, same.period_end, same.period_start, same.bank_code, same.loan_id)
    new = (data.paid_on, data.period_end, data.period_start, loan.bank_code, loan.loan_id)
    places = {same.year: old, data.paid_on.year: new} if same.year != data.paid_on.year else {same.year: min(old, new)}
    same.outstanding_fen, same.interest_fen, same.interest_paid_on = figures
    same.year, same.revision, same.source_event_id = data.paid_on.year, same.revision + 1, event_id
    await ctx.session.flush()
    await _audit_period(ctx, same, "interest_period.corrected", before)
    return places


def _exceeds(outstanding: int, loan: Loan | LoanTerms) -> errors.OutstandingExceedsPrincipal:
    principal = format_fen(loan.principal_fen)
    return errors.OutstandingExceedsPrincipal(
        f"outstanding {format_fen(outstanding)} is more than the principal {principal}"
    )


async def record_repayment(ctx: Context, loan: Loan, data: Repaid, *, event_id: str) -> Repayment:
    _not_before_loan(loan, repaid_on=data.repaid_on)
    _not_in_future(ctx, repaid_on=data.repaid_on)
    outstanding = loan.principal_fen - loan.repaid_fen
    if data.amount > outstanding:
        raise errors.RepaymentExceedsOutstanding(
            f"{format_fen(data.amount)} is more than the {format_fen(outstanding)} outstanding"
        )
    before = _view(loan)
    loan.repaid_fen += data.amount
    repayment = Repayment(loan_ref=loan.id, amount_fen=data.amount, repaid_on=data.repaid_on, source_event_id=event_id)
    ctx.session.add(repayment)
    await ctx.session.flush()
    await _audit(ctx, loan, "loan.repaid", before, _view(loan))
    return repayment


async def record_default(ctx: Context, loan: Loan, data: Defaulted) -> bool:
    """The default as the bank reports it (True); the same report again changes nothing (False)."""
    _not_before_loan(loan, defaulted_on=data.defaulted_on)
    _not_in_future(ctx, defaulted_on=data.defaulted_on)
    if data.outstanding_principal > loan.principal_fen:
        raise _exceeds(data.outstanding_principal, loan)
    if loan.defaulted_on is not None:
        if (loan.defaulted_on, loan.outstanding_at_default_fen) != (data.defaulted_on, data.outstanding_principal):
            raise errors.LoanAlreadyDefaulted(
                f"defaulted on {loan.defaulted_on} by the bank's earlier report",
                detail_zh=f"银行此前已报送该贷款于{loan.defaulted_on}违约",
            )
        return False
    before = _view(loan)
    loan.defaulted_on, loan.outstanding_at_default_fen = data.defaulted_on, data.outstanding_principal
    await ctx.session.flush()
    await _audit(ctx, loan, "loan.defaulted", before, _view(loan))
    return True


async def enterprises_with_loans_from(ctx: Context, day: date) -> set[str]:
    return await repository.usccs_disbursed_from(ctx.session, day)


async def _audit(ctx: Context, loan: Loan, action: str, before: dict | None, after: dict | None) -> None:
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action=action,
        entity_type="loan",
        entity_id=loan_key(loan.bank_code, loan.loan_id),
        before=before,
        after=after,
    )


async def _audit_period(ctx: Context, period: InterestPeriod, action: str, before: dict | None) -> None:
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action=action,
        entity_type="interest_period",
        entity_id=str(period.id),
        before=before,
        after=_period_view(period),
    )


def _view(loan: Loan) -> dict[str, Any]:
    return {
        "uscc": loan.uscc,
        "principal": format_fen(loan.principal_fen),
        "annual_rate": f"{loan.annual_rate}",
        "disbursed_on": loan.disbursed_on.isoformat(),
        "maturity_on": loan.maturity_on.isoformat(),
        "purpose": loan.purpose,
        "product": loan.product,
        "status": loan.status,
        "outstanding_principal": format_fen(loan.outstanding_fen),
        "defaulted_on": loan.defaulted_on.isoformat() if loan.defaulted_on else None,
    }


def _period_view(period: InterestPeriod) -> dict[str, Any]:
    return {
        "loan": loan_key(period.bank_code, period.loan_id),
        "period_start": period.period_start.isoformat(),
        "period_end": period.period_end.isoformat(),
        "outstanding_principal": format_fen(period.outstanding_fen),
        "interest_amount": format_fen(period.interest_fen),
        "paid_on": period.interest_paid_on.isoformat(),
        "revision": period.revision,
    }


# -- reading --------------------------------------------------------------------------------------


async def get_loan(ctx: Context, bank_code: str, loan_id: str, *, viewer_bank: str | None) -> Loan:
    """A loan; a bank's key gets only its own bank's (another bank's loan answers 404, as a missing one)."""
    loan = await repository.get(ctx.session, bank_code, loan_id)
    if loan is None or (viewer_bank is not None and viewer_bank != bank_code):
        raise errors.LoanNotFound(f"no loan {bank_code}/{loan_id}", detail_zh=f"没有贷款{bank_code}/{loan_id}")
    return loan


async def loan_details(ctx: Context, loan: Loan) -> dict[str, Any]:
    """What the loan's page shows beside its terms: periods with their subsidies, events still held or
    refused, repayments, the compensation and recoveries."""
    from zjtx.finance_subsidy.intake import repository as bank_events
    from zjtx.finance_subsidy.pool import repository as pool
    from zjtx.finance_subsidy.subsidy import repository as subsidies

    records = await subsidies.of_loan(ctx.session, loan.bank_code, loan.loan_id)
    by_period: dict[Any, list] = {}
    for record in records:
        by_period.setdefault(record.period_id, []).append(record)
    compensation = await pool.compensation_of(ctx.session, loan.id) if loan.defaulted_on else None
    return {
        "periods": [(p, by_period.get(p.id, [])) for p in await repository.periods_of_loan(ctx.session, loan.id)],
        "held_events": await bank_events.not_applied_for(ctx.session, loan.bank_code, loan.loan_id),
        "repayments": await repository.repayments_of(ctx.session, loan.id),
        "compensation": compensation,
        "recoveries": await pool.recoveries_of(ctx.session, loan.id),
    }


async def list_loans(ctx: Context, **filters: Any) -> list[Loan]:
    return await repository.search(ctx.session, **filters)
