"""A5.1 decided from the facts and the subsidies kept in line with the decisions (RULES "Order does not
matter"): `reconcile` decides an enterprise's periods again whenever a fact changes (a period reported
or corrected, a recognition granted or revoked, an LPR publication, a rejection freeing its place under
the yearly cap), with the procedure the calculator uses (rules.subsidy). An unpaid subsidy that no
longer holds is revoked with the reason (and one for the new amount computed in its place); a paid one
that is more than now due is flagged for recovery of the difference; a paid one that is less gets a
further subsidy for the rest. Everything for one enterprise is serialised by its lock, taken first."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from zjtx.common import driver, workflow
from zjtx.common.db import Write, write
from zjtx.common.events import finance as events
from zjtx.common.funding import split_funding
from zjtx.common.kit.context import Context
from zjtx.common.lpr import LprTable
from zjtx.common.messaging.envelope import Envelope, make_envelope
from zjtx.common.messaging.outbox import outbox_insert_many
from zjtx.common.money import fen_to_yuan, format_fen
from zjtx.common.rules import yuan
from zjtx.common.web.audit import AuditEntry, audit_insert_many, record_audit
from zjtx.finance_subsidy import SERVICE_NAME, errors
from zjtx.finance_subsidy.rules.facts import PeriodFact, RecognitionFact
from zjtx.finance_subsidy.rules.subsidy import CLOSED, SUBSIDISED, WAITING_LPR, PeriodOutcome, decide_year
from zjtx.finance_subsidy.subsidy import reading, repository
from zjtx.finance_subsidy.subsidy.models import COMMITTED, Subsidy
from zjtx.finance_subsidy.subsidy.moves import WHAT, audit_view, lock_enterprise, move, publish
from zjtx.finance_subsidy.subsidy.reading import PeriodState, Record

PENDING = "pending"  # a period's decision before it is first decided


async def reconcile(
    ctx: Context,
    uscc: str,
    years: set[int] | None = None,
    *,
    locked: bool = False,
    beside: Sequence[Write] = (),
    from_order: Mapping[int, tuple] | None = None,
) -> None:
    """Decide the enterprise's periods paid in `years` (all when None) again, and bring its subsidies in
    line with the decisions. `locked`: the caller holds the enterprise's lock already; `beside`: rows of
    the caller's to write in the same statement as the decision's; `from_order`: per year, the place in
    the order of payment of the first period that changed (a period reported or corrected): those paid
    before it keep their decisions, and only their use of the cap is read."""
    if not locked:
        await lock_enterprise(ctx, uscc)
    by_year, used_before, recognitions, table = await _to_decide(ctx, uscc, years, from_order)
    await _decide(ctx, by_year, used_before, recognitions, table, beside)


async def decide_new_period(
    ctx: Context, period: dict, place: tuple, *, beside: Sequence[Write] = (), on_insert: Sequence[Write] = ()
) -> bool:
    """A period reported for the first time (loan.repository.NEW_PERIOD values), inserted and decided with
    the periods after it in the order of payment, reading all it needs in one round trip; the caller
    holds the enterprise's lock. False (and nothing written) when the loan has this very period already:
    a repeat or a correction, for loan.service.record_interest."""
    inserted, periods, used, recognitions, table = await reading.insert_and_read_from(ctx.session, period, place)
    if not inserted:
        return False
    await _decide(ctx, {period["year"]: periods}, {period["year"]: used}, recognitions, table, [*beside, *on_insert])
    return True


async def _decide(
    ctx: Context,
    by_year: Mapping[int, list[PeriodState]],
    used_before: Mapping[int, int],
    recognitions: Sequence[RecognitionFact],
    table: LprTable | None,
    beside: Sequence[Write],
) -> None:
    """The periods decided, year by year in the order of payment, and their subsidies brought in line."""
    if not any(by_year.values()):
        if beside:
            await write(ctx.session, *beside)
        return
    to_decide = [p for of_year in by_year.values() for p in of_year]
    # A period just reported (its decision pending) has no subsidy yet: nothing to read for it.
    records = await reading.records_of(ctx.session, [p.id for p in to_decide if p.decision[0] != PENDING])
    loan_facts = {p.loan.key: p.loan for p in to_decide}
    facts = {p.id: _fact(p, records[p.id]) for p in to_decide}
    batch = _Batch()
    for year, of_year in sorted(by_year.items()):
        if not of_year:
            continue
        rows = {facts[p.id].key: p for p in of_year}
        outcome = decide_year(
            year=year,
            loans=loan_facts,
            periods=[facts[p.id] for p in of_year],
            recognitions=recognitions,
            lpr=table,
            parameters=ctx.parameters,
            used_before=used_before[year],
        )
        for decided in outcome.periods:
            period = rows[decided.period.key]
            batch.keep(period, decided)
            await _settle(ctx, period, records[period.id], decided, batch)
    await batch.write(ctx, beside)


async def _to_decide(
    ctx: Context, uscc: str, years: set[int] | None, from_order: Mapping[int, tuple] | None
) -> tuple[dict[int, list[PeriodState]], dict[int, int], Sequence[RecognitionFact], LprTable | None]:
    """The periods to decide by year, what the periods before them took of each year's cap, the
    enterprise's recognitions and the LPR table."""
    by_year: dict[int, list[PeriodState]] = defaultdict(list)
    used_before: dict[int, int] = defaultdict(int)
    if from_order is not None and len(from_order) == 1:  # a period reported: one round trip reads it all
        [(year, place)] = from_order.items()
        periods, used, recognitions, table = await reading.periods_from(ctx.session, uscc, year, place)
        by_year[year], used_before[year] = periods, used
        return by_year, used_before, recognitions, table
    years = set(from_order) if from_order is not None else years
    periods = await reading.periods_to_decide(ctx.session, uscc, years) if years is None or years else []
    for period in periods:
        if from_order is not None and period.order < from_order[period.year]:
            status, _, entitled = period.decision
            used_before[period.year] += entitled if status in (SUBSIDISED, CLOSED) else 0
        else:
            by_year[period.year].append(period)
    if not by_year:
        return by_year, used_before, [], None
    recognitions, table = await reading.decision_inputs(ctx.session, uscc)
    return by_year, used_before, recognitions, table


def _fact(period: PeriodState, records: list[Record]) -> PeriodFact:
    closed = [r for r in records if r.status == "rejected" and r.period_revision == period.revision]
    return PeriodFact(
        bank_code=period.bank_code,
        loan_id=period.loan_id,
        period_start=period.period_start,
        period_end=period.period_end,
        outstanding_fen=period.outstanding_fen,
        interest_fen=period.interest_fen,
        paid_on=period.interest_paid_on,
        closed_fen=_net_paid(records) if closed else None,
        closed_reason=closed[-1].closed_reason if closed else None,
    )


def _net_paid(records: list) -> int:
    """What was paid for a period and is still considered due (paid minus what is flagged for recovery)."""
    return sum(r.amount_fen - r.recovery_due_fen for r in records if r.status == "disbursed")


class _Batch:
    """What a decision writes besides its moves: the periods' changed decisions and the new subsidies with
    their F.1 shares, audit records and events, in two statements whatever their number."""

    def __init__(self) -> None:
        self.decisions: list[tuple[uuid.UUID, str, str | None, int, dict]] = []
        self.subsidies: list[dict[str, Any]] = []
        self.shares: list[tuple[uuid.UUID, str, int, int]] = []
        self.audits: list[AuditEntry] = []
        self.envelopes: list[Envelope] = []
        self.explained: dict[uuid.UUID, dict] = {}  # a period's decision explanation, as keep() gave it
        self.uscc: str | None = None  # the enterprise decided: one per batch, under its lock

    def keep(self, period: PeriodState, decided: PeriodOutcome) -> None:
        """The period shows its latest decision and its explanation."""
        assert self.uscc in (None, period.uscc), "a batch decides one enterprise's periods"
        self.uscc = period.uscc
        explanation = decided.decision.explanation.as_dict()
        self.explained[period.id] = explanation
        self.decisions.append((period.id, decided.status, decided.code, decided.amount_fen, explanation))

    async def write(self, ctx: Context, beside: Sequence[Write]) -> None:
        rows = list(beside)
        texts: dict[int, str] = {}  # an explanation the period and its new subsidy both show: made JSON once
        if self.subsidies:
            rows += [
                repository.new_subsidies(self.subsidies, texts=texts),
                repository.funding_rows(self.shares),
                audit_insert_many(self.audits),
                outbox_insert_many(self.envelopes),
            ]
        if self.decisions:
            rows.append(repository.decisions_update(self.uscc, self.decisions, texts=texts))
        if rows:
            await driver.write(ctx.session, *rows)


async def _settle(
    ctx: Context, period: PeriodState, records: list[Record], decided: PeriodOutcome, batch: _Batch
) -> None:
    """Bring the period's subsidies in line with its decision."""
    if decided.status in (CLOSED, WAITING_LPR):
        return  # closed by review: nothing more; waiting: decided once the LPR is known
    target = decided.amount_fen
    unpaid = next((r for r in records if r.status in COMMITTED), None)
    flagged = any(r.status == "disbursed" and r.recovery_due_fen for r in records)
    need = target - _net_paid(records)

    def still_right(amount: int) -> bool:
        return (
            unpaid is not None
            and amount > 0
            and unpaid.amount_fen == amount
            and unpaid.period_revision == period.revision
        )

    if (unpaid is None and need == 0) or (not flagged and still_right(need)):
        return  # the common case: nothing to change
    if unpaid is None and not flagged and need > 0:
        _create(ctx, batch, period, decided, need, supersedes=None)  # the other common case: a new period
        return
    loaded = await repository.load(ctx.session, [r.id for r in records if r.status in ("disbursed", *COMMITTED)])
    disbursed = [loaded[r.id] for r in records if r.status == "disbursed"]
    if need > 0 and flagged:
        need -= await _release_recovery(ctx, disbursed, need, decided)
    if unpaid is not None:
        if still_right(need):
            return
        why, why_zh = _superseded(decided, target)
        revoked = workflow.revoke(loaded[unpaid.id], reason=why, reason_zh=why_zh, what=WHAT)
        await move(ctx, loaded[unpaid.id], revoked)
    if need > 0:
        _create(ctx, batch, period, decided, need, supersedes=unpaid.id if unpaid else None)
    elif need < 0:
        await _flag_recovery(ctx, disbursed, -need, decided)


def _superseded(decided: PeriodOutcome, target: int) -> tuple[str, str]:
    """Why an unpaid subsidy gives way, in English and Chinese: its period's refusal, or the new figure."""
    if target == 0:
        why, why_zh = decided.decision.reason, decided.decision.reason_zh or decided.decision.reason
    else:
        why = f"recomputed: {yuan(target)} is now due for the period"
        why_zh = f"重新计算：本计息期现应贴息{yuan(target)}元"
    return f"superseded: {why}", f"已被取代：{why_zh}"


def _create(
    ctx: Context,
    batch: _Batch,
    period: PeriodState,
    decided: PeriodOutcome,
    amount: int,
    *,
    supersedes: uuid.UUID | None,
) -> None:
    """A computed subsidy for what the period is due beyond what was paid, into the batch."""
    if period.district_code is None:
        raise errors.EnterpriseUnknown(
            f"the district of {period.uscc} is not known (F.1)", detail_zh=f"{period.uscc}所属旗县区未知（F.1）"
        )
    decision = decided.decision
    already = decided.amount_fen - amount
    # Nothing paid before: the subsidy's explanation is its period's decision's (the same dict, made JSON once).
    explanation = batch.explained.get(period.id) if not already else None
    if explanation is None:
        explanation = decision.explanation.as_dict()
    if already:
        explanation["caps"] = [
            *explanation["caps"],
            f"already paid for the period {yuan(already)}: this subsidy is the rest, {yuan(amount)}",
        ]
        # the Chinese lines kept in step, or a reader of Chinese would be shown the English (localised)
        explanation["zh"]["caps"] = [
            *explanation["zh"]["caps"],
            f"本计息期已拨付{yuan(already)}元：本次贴息为差额{yuan(amount)}元",
        ]
    row = {
        "id": uuid.uuid4(),
        "period_id": period.id,
        "period_revision": period.revision,
        "uscc": period.uscc,
        "bank_code": period.bank_code,
        "loan_id": period.loan_id,
        "period_start": period.period_start,
        "period_end": period.period_end,
        "interest_paid_on": period.interest_paid_on,
        "year": period.year,
        "district_code": period.district_code,
        "rule": decision.rule,
        "amount_fen": amount,
        "entitled_fen": decided.amount_fen,
        "already_paid_fen": already,
        "parameters_version": decision.parameters_version,
        "explanation": explanation,
        "supersedes_id": supersedes,
    }
    shares = split_funding(
        amount, district_code=period.district_code, on=period.interest_paid_on, parameters=ctx.parameters
    )
    batch.subsidies.append(row)
    batch.shares += [(row["id"], share.funder, i, share.amount_fen) for i, share in enumerate(shares)]
    view = {
        "rule": row["rule"],
        "uscc": row["uscc"],
        "loan": f"{row['bank_code']}/{row['loan_id']}",
        "period": f"{period.period_start.isoformat()}..{period.period_end.isoformat()}",
        "amount": format_fen(amount),
        "status": "computed",
    }
    batch.audits.append(AuditEntry(ctx.actor, "subsidy.computed", "subsidy", str(row["id"]), None, view))
    payload = events.SubsidyEvent(
        subsidy_id=row["id"],
        uscc=period.uscc,
        bank_code=period.bank_code,
        loan_id=period.loan_id,
        rule=decision.rule,
        amount=fen_to_yuan(amount),
        status="computed",
        period_start=period.period_start,
        period_end=period.period_end,
        district_code=period.district_code,
        funding=[events.FundingShare(funder=share.funder, amount=fen_to_yuan(share.amount_fen)) for share in shares],
        supersedes=supersedes,
    )
    batch.envelopes.append(
        make_envelope(
            events.SUBSIDY_COMPUTED,
            key=period.uscc,
            payload=payload,
            producer=SERVICE_NAME,
            occurred_at=ctx.clock.now(),
        )
    )


async def _flag_recovery(ctx: Context, disbursed: list[Subsidy], amount: int, decided: PeriodOutcome) -> None:
    """Paid more than is now due: the difference is flagged for recovery on the payments, latest first."""
    reason = decided.decision.reason or f"{yuan(decided.amount_fen)} is now due for the period"
    reason_zh = decided.decision.reason_zh or f"本计息期现应贴息{yuan(decided.amount_fen)}元"
    said = (f"paid more than is now due: {reason}", f"已拨付金额超过现应贴息：{reason_zh}")
    for subsidy in reversed(disbursed):
        part = min(amount, subsidy.amount_fen - subsidy.recovery_due_fen)
        if part > 0:
            await _change_recovery(ctx, subsidy, part, said, note=None)
            amount -= part


async def _release_recovery(ctx: Context, disbursed: list[Subsidy], need: int, decided: PeriodOutcome) -> int:
    """Due again what was flagged for recovery (not collected yet): the flags are lowered first, before
    any further payment. Returns how much of `need` that covered."""
    released = 0
    for subsidy in disbursed:
        part = min(need - released, subsidy.recovery_due_fen)
        if part > 0:
            note = f"due again: {yuan(decided.amount_fen)} for the period"
            said = (subsidy.recovery_reason, subsidy.recovery_reason_zh)
            await _change_recovery(ctx, subsidy, -part, said, note=note)
            released += part
    return released


async def _change_recovery(
    ctx: Context, subsidy: Subsidy, change: int, reason: tuple[str | None, str | None], *, note: str | None
) -> None:
    """A paid subsidy's recovery flag raised (or lowered), audited and published; `reason` in English and
    in Chinese."""
    before = audit_view(subsidy)
    subsidy.recovery_due_fen += change
    due = bool(subsidy.recovery_due_fen)
    subsidy.recovery_reason, subsidy.recovery_reason_zh = reason if due else (None, None)
    await ctx.session.flush()
    after = audit_view(subsidy) | ({"note": note} if note else {})
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="subsidy.recovery_flagged",
        entity_type="subsidy",
        entity_id=str(subsidy.id),
        before=before,
        after=after,
    )
    await publish(ctx, subsidy, "recovery_flagged")
