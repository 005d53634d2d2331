"""A contract's payables as of a date (RULES A10.1–A10.4 and the counting decisions): for each, when its
clock started, when it fell due, what is paid, outstanding and overdue, for how many days, and the
overdue interest, with the explanation of every step; and the contract's totals, the interest rounded
half-up to the fen once, for the contract and the computation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from zjtx.common.calendar import WorkingCalendar
from zjtx.common.money import round_half_up_to_fen
from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Explanation, RuleContext, yuan
from zjtx.payments_watch.rules.balance import Ledger, Segment, interest_of
from zjtx.payments_watch.rules.facts import ContractTerms, PayableFacts
from zjtx.payments_watch.rules.schedule import Clock, DueDate, clock_start, due_date
from zjtx.payments_watch.rules.terms import Classification, percent

END_OF_TIME = date.max


@dataclass
class PayableState:
    payable_id: object
    source: str
    basis_on: date
    amount_fen: int
    clock_start: date | None
    clock_basis: str
    due_on: date | None
    due_on_provisional: bool
    due_is_reference: bool
    paid_fen: int
    outstanding_fen: int
    disputed_fen: int
    overdue_fen: int
    days_overdue: int
    interest_exact: Decimal  # fen, not rounded
    explanation: Explanation

    @property
    def interest_fen(self) -> int:
        """This payable's share, rounded for showing; the contract's total is rounded once from the exact sum."""
        return round_half_up_to_fen(self.interest_exact)


@dataclass
class ContractState:
    as_of: date
    payables: list[PayableState] = field(default_factory=list)

    @property
    def overdue_fen(self) -> int:
        return sum(p.overdue_fen for p in self.payables)

    @property
    def interest_fen(self) -> int:
        """Rounded half-up to the fen once, for the contract and this computation (RULES A10)."""
        return round_half_up_to_fen(sum((p.interest_exact for p in self.payables), Decimal(0)))

    @property
    def outstanding_fen(self) -> int:
        return sum(p.outstanding_fen for p in self.payables)


@dataclass(frozen=True)
class Projection:
    """What the database keeps of a payable for selecting by date, on every fact known: the due date
    (an acceptance still awaited counts from the end of its period), the first day overdue, the day it
    was settled, what is paid."""

    clock_start: date | None
    clock_basis: str
    due_on: date | None
    due_on_provisional: bool
    overdue_from: date | None
    settled_on: date | None
    paid_fen: int


def evaluate(
    terms: ContractTerms,
    classification: Classification,
    payables: list[PayableFacts],
    *,
    as_of: date,
    calendar: WorkingCalendar,
    parameters: ParameterFile,
) -> ContractState:
    """The contract as of `as_of`: what happened after that day is left out."""
    state = ContractState(as_of)
    for payable in sorted(payables, key=lambda p: (p.basis_on, str(p.payable_id))):
        if payable.basis_on <= as_of:
            state.payables.append(_payable(terms, classification, payable, as_of, calendar, parameters))
    return state


def project(
    terms: ContractTerms, classification: Classification, payable: PayableFacts, calendar: WorkingCalendar
) -> Projection:
    ledger = Ledger(payable.amount_fen, payable.allocations, payable.disputes)
    clock = clock_start(terms, payable, END_OF_TIME)
    due = _due(classification, clock, calendar)
    overdue_from = ledger.overdue_from(due.due_on) if due is not None else None
    return Projection(
        clock.start,
        clock.basis,
        None if due is None else due.due_on,
        due is not None and due.provisional,
        overdue_from,
        ledger.settled_on(),
        sum(a.amount_fen for a in payable.allocations),
    )


def _due(classification: Classification, clock: Clock, calendar: WorkingCalendar) -> DueDate | None:
    if not classification.monitored or clock.start is None or classification.term_days is None:
        return None
    return due_date(clock.start, classification.term_days, calendar)


def _payable(
    terms: ContractTerms,
    classification: Classification,
    payable: PayableFacts,
    as_of: date,
    calendar: WorkingCalendar,
    parameters: ParameterFile,
) -> PayableState:
    ctx = _context(terms, classification, payable, as_of, parameters)
    allocations = tuple(a for a in payable.allocations if a.paid_on <= as_of)
    disputes = tuple(d for d in payable.disputes if d.raised_on <= as_of)
    ledger = Ledger(payable.amount_fen, allocations, disputes)
    clock = clock_start(terms, payable, as_of)
    paid = ledger.paid_through(as_of)
    state = PayableState(
        payable_id=payable.payable_id,
        source=payable.source,
        basis_on=payable.basis_on,
        amount_fen=payable.amount_fen,
        clock_start=clock.start,
        clock_basis=clock.basis,
        due_on=None,
        due_on_provisional=False,
        due_is_reference=classification.due_is_reference,
        paid_fen=paid,
        outstanding_fen=ledger.outstanding_on(as_of),
        disputed_fen=ledger.held_on(as_of),
        overdue_fen=0,
        days_overdue=0,
        interest_exact=Decimal(0),
        explanation=ctx.explanation,
    )
    if not classification.monitored:
        return state
    ctx.step(
        f"A10.3: {clock.step}" + (", day 0" if clock.start is not None else ""),
        zh=f"A10.3：{clock.step_zh}" + ("，为第0天" if clock.start is not None else ""),
    )
    due = _due(classification, clock, calendar)
    if due is None:
        ctx.step(
            f"as of {as_of} the clock has not started: nothing is due yet",
            zh=f"截至{as_of}账期尚未起算：尚无到期款项",
        )
        return state
    ctx.step(due.step, zh=due.step_zh)
    if due.provisional:
        # the English line keeps its "provisional" prefix: contract views filter the reasons by it
        ctx.explanation.say(
            "reasons",
            f"provisional: the public holidays of {due.day_n.year} are not on record",
            f"暂定：{due.day_n.year}年法定节假日安排尚未录入",
        )
    state.due_on, state.due_on_provisional = due.due_on, due.provisional
    _payments(ctx, ledger, due.due_on, disputes, as_of)
    state.overdue_fen = ledger.overdue_on(as_of, due.due_on)
    if state.overdue_fen > 0:
        first = ledger.overdue_from(due.due_on)
        assert first is not None and first <= as_of
        state.days_overdue = (as_of - first).days + 1
        ctx.step(
            f"as of {as_of}: {yuan(state.overdue_fen)} overdue, {state.days_overdue} days since it first fell "
            f"overdue on {first}",
            zh=f"截至{as_of}：逾期{yuan(state.overdue_fen)}元，自{first}首次逾期起共{state.days_overdue}天",
        )
    else:
        ctx.step(f"as of {as_of}: nothing overdue", zh=f"截至{as_of}：无逾期款项")
    state.interest_exact = _interest(ctx, classification, ledger, due.due_on, as_of)
    return state


def _context(
    terms: ContractTerms,
    classification: Classification,
    payable: PayableFacts,
    as_of: date,
    parameters: ParameterFile,
) -> RuleContext:
    """The payable's explanation starts with the contract's: the version, the term, the rate."""
    ctx = RuleContext(classification.term_rule, parameters, terms.signed_on)
    base = classification.explanation
    ctx.explanation.article = base.article
    ctx.explanation.inputs.update(base.inputs)
    ctx.explanation.parameters.extend(base.parameters)
    for part, lines in (("formula", base.steps), ("reasons", base.reasons)):
        for english, chinese in zip(lines, base.chinese[part], strict=True):
            ctx.explanation.say(part, english, chinese)
    ctx.inputs(
        payable=payable.source,
        basis_on=payable.basis_on,
        amount=yuan(payable.amount_fen),
        accepted_on=payable.accepted_on,
        as_of=as_of,
    )
    return ctx


def _payments(ctx: RuleContext, ledger: Ledger, due_on: date, disputes, as_of: date) -> None:
    for allocation in ledger.allocations:
        late = (allocation.paid_on - due_on).days
        when = f"{late} days late" if late > 0 else "on time"
        when_zh = f"逾期{late}天" if late > 0 else "按期"
        ctx.step(
            f"paid {yuan(allocation.amount_fen)} on {allocation.paid_on}: {when}",
            zh=f"{allocation.paid_on}支付{yuan(allocation.amount_fen)}元：{when_zh}",
        )
    for dispute in disputes:
        if dispute.resolved_on is not None and dispute.resolved_on <= as_of:
            ctx.step(
                f"{yuan(dispute.amount_fen)} disputed from {dispute.raised_on} to {dispute.resolved_on}: "
                f"{yuan(dispute.upheld())} found owed, due on {dispute.resolved_on}; "
                f"{yuan(dispute.amount_fen - dispute.upheld())} no longer owed",
                zh=f"{yuan(dispute.amount_fen)}元自{dispute.raised_on}至{dispute.resolved_on}存在争议："
                f"经认定应付{yuan(dispute.upheld())}元，于{dispute.resolved_on}到期；"
                f"{yuan(dispute.amount_fen - dispute.upheld())}元不再应付",
            )
        else:
            ctx.step(
                f"{yuan(dispute.amount_fen)} disputed since {dispute.raised_on}: held back while open; the "
                "undisputed part still falls due",
                zh=f"{yuan(dispute.amount_fen)}元自{dispute.raised_on}起存在争议：争议期间暂缓支付；无争议部分照常到期",
            )


def _interest(ctx: RuleContext, classification: Classification, ledger: Ledger, due_on: date, as_of: date) -> Decimal:
    if classification.daily_rate is None:
        return Decimal(0)
    segments = ledger.interest_segments(due_on, as_of)
    if not segments:
        ctx.step("A10.4: no overdue interest", zh="A10.4：无逾期利息")
        return Decimal(0)
    rate = classification.daily_rate
    exact = interest_of(segments, rate)
    terms = " + ".join(_segment(s) for s in segments)
    ctx.step(
        f"A10.4: simple interest from the due date (excluded) to each payment (included) or {as_of}: "
        f"{percent(rate)} a day × ({terms}) = {_fen(exact)}",
        zh=f"A10.4：逾期利息按单利计算，自到期日次日起至每笔付款日（含）或{as_of}：每日{percent(rate)} × "
        f"（{' + '.join(_segment_zh(s) for s in segments)}）= {_fen(exact)}元",
    )
    return exact


def _segment(segment: Segment) -> str:
    span = f"{segment.first}" if segment.days == 1 else f"{segment.first}..{segment.last}"
    return f"{yuan(segment.balance_fen)} × {segment.days} days ({span})"


def _segment_zh(segment: Segment) -> str:
    span = f"{segment.first}" if segment.days == 1 else f"{segment.first}至{segment.last}"
    return f"{yuan(segment.balance_fen)}元 × {segment.days}天（{span}）"


def _fen(exact: Decimal) -> str:
    """An exact amount in fen as yuan, to four places (the rounding to the fen is the contract's, once)."""
    return f"{(exact / 100).quantize(Decimal('0.0001')):,}"
