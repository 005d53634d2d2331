"""Awards: recording a rule's decision once, and the life of an award — computed → reviewed →
approved → disbursed (→ recovery_due → recovered, when paid and no longer held by the facts); rejected
and revoked are final. Each step is audited and published."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from zjtx.awards import SERVICE_NAME, errors
from zjtx.awards.appropriation import service as appropriations
from zjtx.awards.award import repository
from zjtx.awards.award.models import Award, AwardRecovery
from zjtx.awards.readmodel import repository as views
from zjtx.awards.readmodel.models import CreditListView, RecognitionView
from zjtx.awards.rules.facts import BLACK_LIST
from zjtx.awards.rules.funding import FundingShare, split_funding
from zjtx.common import workflow
from zjtx.common.calendar import CalendarNotKnown, load_calendar
from zjtx.common.dates import check_fact_date
from zjtx.common.db import write
from zjtx.common.events import awards as events
from zjtx.common.kit.context import Context
from zjtx.common.messaging import add_event
from zjtx.common.messaging.envelope import Envelope, make_envelope
from zjtx.common.messaging.outbox import outbox_insert_many
from zjtx.common.money import fen_to_yuan
from zjtx.common.rules import Decision, yuan
from zjtx.common.web.audit import Actor, AuditEntry, audit_insert_many, record_audit

WHAT = "award"  # how the workflow's messages name it


@dataclass(frozen=True)
class Proposal:
    """An eligible decision to store as an award: what it is about, where it came from, who acts."""

    decision: Decision
    uscc: str | None
    subject_name: str
    district_code: str
    actor: Actor
    park_id: uuid.UUID | None = None
    source_event_id: uuid.UUID | None = None
    source_recognition_id: uuid.UUID | None = None
    claim_id: uuid.UUID | None = None
    source: str | None = None


async def record_decisions(ctx: Context, proposals: list[Proposal]) -> list[uuid.UUID | None]:
    """Store eligible decisions as computed awards with their F.1 split, each audited and published, in
    two statements whatever their number. Per proposal, the award's id, or None when an award with the
    same dedup key exists already (a redelivered event, a repeated claim, A1.2 after A1.3)."""
    rows = [_new_award(p) for p in proposals]
    inserted = await repository.insert_new(ctx.session, rows)
    shares: list[tuple[uuid.UUID, str, int, int]] = []
    audits: list[AuditEntry] = []
    envelopes: list[Envelope] = []
    for proposal, row in zip(proposals, rows, strict=True):
        if row["id"] not in inserted:
            continue
        funding = split_funding(
            row["amount_fen"], district_code=row["district_code"], on=row["reference_date"], parameters=ctx.parameters
        )
        shares += [(row["id"], share.funder, i, share.amount_fen) for i, share in enumerate(funding)]
        view = _audit_view_of(row)
        audits.append(AuditEntry(proposal.actor, "award.computed", "award", str(row["id"]), None, view))
        envelopes.append(_computed_event(ctx, row, funding))
    if inserted:
        await write(
            ctx.session,
            repository.funding_rows(shares),
            audit_insert_many(audits),
            outbox_insert_many(envelopes),
        )
    return [row["id"] if row["id"] in inserted else None for row in rows]


async def record_decision(
    ctx: Context,
    decision: Decision,
    *,
    uscc: str | None,
    subject_name: str,
    district_code: str,
    park_id: uuid.UUID | None = None,
    source_event_id: uuid.UUID | None = None,
    source_recognition_id: uuid.UUID | None = None,
    claim_id: uuid.UUID | None = None,
    source: str | None = None,
) -> uuid.UUID | None:
    """One decision (record_decisions): the new award's id, or None when it exists already."""
    proposal = Proposal(
        decision,
        uscc=uscc,
        subject_name=subject_name,
        district_code=district_code,
        actor=ctx.actor,
        park_id=park_id,
        source_event_id=source_event_id,
        source_recognition_id=source_recognition_id,
        claim_id=claim_id,
        source=source,
    )
    return (await record_decisions(ctx, [proposal]))[0]


def _new_award(proposal: Proposal) -> dict[str, Any]:
    decision = proposal.decision
    assert decision.eligible and decision.dedup_key
    return {
        "id": uuid.uuid4(),
        "dedup_key": decision.dedup_key,
        "uscc": proposal.uscc,
        "park_id": proposal.park_id,
        "subject_name": proposal.subject_name,
        "district_code": proposal.district_code,
        "rule": decision.rule,
        "monetary": decision.monetary,
        "amount_fen": decision.amount_fen,
        "reference_date": decision.reference_date,
        "parameters_version": decision.parameters_version,
        "explanation": decision.explanation.as_dict(),
        "source_event_id": proposal.source_event_id,
        "source_recognition_id": proposal.source_recognition_id,
        "claim_id": proposal.claim_id,
        "source": proposal.source,
    }


def _computed_event(ctx: Context, row: dict[str, Any], funding: list) -> Envelope:
    payload = events.AwardEvent(
        award_id=row["id"],
        uscc=row["uscc"],
        rule=row["rule"],
        amount=fen_to_yuan(row["amount_fen"]),
        status="computed",
        reference_date=row["reference_date"],
        park_id=row["park_id"],
        district_code=row["district_code"],
        funding=[events.FundingShare(funder=share.funder, amount=fen_to_yuan(share.amount_fen)) for share in funding],
    )
    return make_envelope(
        events.AWARD_COMPUTED,
        key=row["uscc"] or str(row["park_id"]),
        payload=payload,
        producer=SERVICE_NAME,
        occurred_at=ctx.clock.now(),
    )


async def name_unnamed_awards(ctx: Context, *, uscc: str, name: str) -> None:
    """An event may have run ahead of the registration: its award got the stub's empty name until now."""
    if name:
        await repository.fill_subject_name(ctx.session, uscc, name)


async def get_award(ctx: Context, award_id: uuid.UUID, *, for_update: bool = False) -> Award:
    award = await repository.get(ctx.session, award_id, for_update=for_update)
    if award is None:
        raise errors.AwardNotFound(f"no award {award_id}", detail_zh=f"无此奖励：{award_id}")
    return award


@dataclass(frozen=True)
class EnterpriseCheck:
    """What a reviewer checks of the enterprise beside the award (信用核查): its credit list entries and
    whether it is on a list today and on the award's date, and its recognitions, from the read models."""

    uscc: str
    today: date
    reference_date: date
    credit_lists: list[CreditListView]
    recognitions: list[RecognitionView]

    def on_list(self, name: str, day: date) -> bool:
        return any(
            e.list == name and e.listed_on <= day and (e.removed_on is None or day < e.removed_on)
            for e in self.credit_lists
        )

    @property
    def credit_status(self) -> str:
        if self.on_list(BLACK_LIST, self.today):
            return "black_list"
        return "red_list" if self.on_list("red", self.today) else "clear"


async def enterprise_check(ctx: Context, award: Award) -> EnterpriseCheck | None:
    """The enterprise's credit status and recognitions for the award view; None for a park's plaque."""
    if award.uscc is None:
        return None
    return EnterpriseCheck(
        uscc=award.uscc,
        today=ctx.today(),
        reference_date=award.reference_date,
        credit_lists=await views.credit_lists_of(ctx.session, award.uscc),
        recognitions=await views.recognitions_of(ctx.session, award.uscc),
    )


async def review_award(ctx: Context, *, award_id: uuid.UUID, note: str | None) -> Award:
    """computed → reviewed; the reviewer's note is kept on the award (and in the audit). Reviewing puts the
    award on public notice (公示, P.notice): from the review day to the N-th working day after it (N the
    parameter in force on the review day; 0: no notice)."""
    award = await get_award(ctx, award_id, for_update=True)
    move = workflow.review(award, actor=ctx.actor.name, now=ctx.clock.now(), note=note, what=WHAT)
    return await _move(ctx, award, _noting(move, review_note=note, **notice_period(ctx)))


def notice_period(ctx: Context) -> dict[str, date | None]:
    """P.notice: the notice's first and last days for an award reviewed today (working days of the kit's
    calendar). While the holidays of the year the notice ends in are not on record its last day is left
    unknown (never guessed) and worked out once they are: the review is not held up by the calendar."""
    today = ctx.today()
    days = _notice_days(ctx, today)
    if days == 0:
        return {"notice_starts_on": None, "notice_ends_on": None}
    return {"notice_starts_on": today, "notice_ends_on": _notice_end(today, days)}


def _notice_days(ctx: Context, review_day: date) -> int:
    return int(ctx.parameters.in_force("public_notice", review_day).body["working_days"])


def _notice_end(review_day: date, days: int) -> date | None:
    try:
        return load_calendar().add_working_days(review_day, days)
    except CalendarNotKnown:
        return None


async def check_notice_passed(ctx: Context, award: Award) -> None:
    """P.notice: a reviewed award on notice is approved only after its last notice day, with no objection
    open. One reviewed without a notice (before the notice existed, or a period of 0) is approved as before.
    A last day left unknown for want of the year's holidays is worked out now, if they are on record."""
    if award.status != "reviewed" or award.notice_starts_on is None:
        return
    if award.notice_ends_on is None:
        award.notice_ends_on = _notice_end(award.notice_starts_on, _notice_days(ctx, award.notice_starts_on))
        if award.notice_ends_on is None:
            raise errors.NoticePeriodRunning(
                f"on public notice from {award.notice_starts_on}; its last day is not known until the public "
                "holidays of the year it ends in are on record (facts/holidays.csv)",
                detail_zh=f"自{award.notice_starts_on}起公示；公示结束年份的法定节假日录入后方可确定公示截止日",
            )
    if ctx.today() <= award.notice_ends_on:
        raise errors.NoticePeriodRunning(
            f"on public notice from {award.notice_starts_on} to {award.notice_ends_on}: approve from the day after",
            detail_zh=f"公示期为{award.notice_starts_on}至{award.notice_ends_on}：公示期满次日起方可批准",
        )
    open_objections = await repository.open_objections(ctx.session, award.id)
    if open_objections:
        raise errors.ObjectionOpen(
            f"{open_objections} objection(s) to this award still open: resolve them first",
            detail_zh=f"该奖励尚有{open_objections}条异议未处理：请先处理异议",
        )


async def approve_award(ctx: Context, *, award_id: uuid.UUID, note: str | None) -> Award:
    """Four eyes: the approving client must not be the one that reviewed (zjtx.common.workflow); after the
    public notice, with no open objection (P.notice)."""
    award = await get_award(ctx, award_id, for_update=True)
    await check_notice_passed(ctx, award)
    move = workflow.approve(award, actor=ctx.actor.name, now=ctx.clock.now(), note=note, what=WHAT)
    return await _move(ctx, award, _noting(move, approval_note=note))


async def reject_award(ctx: Context, *, award_id: uuid.UUID, reason: str) -> Award:
    """computed or reviewed → rejected, with the reason, who rejected it and when."""
    award = await get_award(ctx, award_id, for_update=True)
    move = workflow.reject(award, reason=reason, what=WHAT)
    return await _move(ctx, award, _noting(move, rejected_by=ctx.actor.name, rejected_at=ctx.clock.now()))


def _noting(move: workflow.Move, **columns: Any) -> workflow.Move:
    """The kit's move, with the award's own case-handling columns set beside it."""
    return replace(move, changes={**move.changes, **columns})


async def disburse_award(ctx: Context, *, award_id: uuid.UUID, payment_reference: str, paid_on: date) -> Award:
    """approved → disbursed (F.1, issue 12 item 6): both halves must fit what the city and the district have
    left of their appropriations for the payment's fiscal year, else `appropriation_exceeded`."""
    award = await get_award(ctx, award_id, for_update=True)
    if not award.monetary and award.status == "approved":
        raise workflow.InvalidTransition("a plaque is conferred, not paid")
    move = workflow.disburse(award, reference=payment_reference, paid_on=paid_on, today=ctx.today(), what=WHAT)
    shares = [FundingShare(share.funder, share.amount_fen) for share in award.funding]
    await appropriations.check_within_appropriations(ctx, shares, fiscal_year=paid_on.year)
    return await _move(ctx, award, move)


async def record_recovery(ctx: Context, *, award_id: uuid.UUID, reference: str, recovered_on: date) -> Award:
    """The amount flagged for recovery came back to the treasury."""
    award = await get_award(ctx, award_id, for_update=True)
    move = workflow.record_recovery(award, reference=reference, recovered_on=recovered_on, today=ctx.today(), what=WHAT)
    return await _move(ctx, award, move)


async def record_recovery_payment(
    ctx: Context, *, award_id: uuid.UUID, amount_fen: int, reference: str, recovered_on: date
) -> Award:
    """追回 (issue 12, item 7): money that came back of an award flagged `recovery_due`, in one payment or
    several; not after today, not before the award was paid, not more than is still due back. Audited; once
    the payments add up to what is due, the award is `recovered` (published)."""
    award = await get_award(ctx, award_id, for_update=True)
    if award.status != "recovery_due":
        raise workflow.InvalidTransition(f"cannot record a recovery of an award that is {award.status}")
    check_fact_date("recovered_on", recovered_on, today=ctx.today())
    if amount_fen <= 0:
        raise workflow.InvalidPayment(f"a recovery of {yuan(amount_fen)}: nothing came back")
    if award.paid_on is not None and recovered_on < award.paid_on:
        raise workflow.InvalidPayment(f"recovered_on {recovered_on} is before the payment on {award.paid_on}")
    already = await repository.recovered_fen(ctx.session, award.id)
    remaining = (award.recovery_due_fen or 0) - already
    if amount_fen > remaining:
        raise errors.RecoveryExceedsDue(
            f"{yuan(amount_fen)} is more than the {yuan(max(remaining, 0))} still due back "
            f"({yuan(award.recovery_due_fen or 0)} due, {yuan(already)} recovered)",
            detail_zh=f"{yuan(amount_fen)}元超过尚应追回的{yuan(max(remaining, 0))}元"
            f"（应追回{yuan(award.recovery_due_fen or 0)}元，已追回{yuan(already)}元）",
        )
    ctx.session.add(
        AwardRecovery(
            id=uuid.uuid4(),
            award_id=award.id,
            amount_fen=amount_fen,
            reference=reference,
            recovered_on=recovered_on,
            recorded_by=ctx.actor.name,
        )
    )
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="award.recovery_recorded",
        entity_type="award",
        entity_id=str(award.id),
        before={"recovered": str(fen_to_yuan(already))},
        after={
            "amount": str(fen_to_yuan(amount_fen)),
            "reference": reference,
            "recovered_on": recovered_on.isoformat(),
            "recovered": str(fen_to_yuan(already + amount_fen)),
        },
    )
    if amount_fen < remaining:
        return award
    move = workflow.record_recovery(award, reference=reference, recovered_on=recovered_on, today=ctx.today(), what=WHAT)
    return await _move(ctx, award, move)


async def recoveries_of(ctx: Context, award: Award) -> list[AwardRecovery]:
    return await repository.recoveries_of(ctx.session, award.id)


async def move_award(ctx: Context, award: Award, move: workflow.Move) -> Award:
    """Apply a move the workflow allowed (a settlement's revocation or recovery flag): audited, published."""
    return await _move(ctx, award, move)


async def _move(ctx: Context, award: Award, move: workflow.Move) -> Award:
    before = _audit_view(award)
    move.apply(award)
    note = move.note
    await ctx.session.flush()
    award = await get_award(ctx, award.id)
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action=f"award.{move.event}",
        entity_type="award",
        entity_id=str(award.id),
        before=before,
        after={**_audit_view(award), "note": note},
    )
    await _publish(ctx, award, move.event)
    return award


async def _publish(ctx: Context, award: Award, verb: str) -> None:
    payload = events.AwardEvent(
        award_id=award.id,
        uscc=award.uscc,
        rule=award.rule,
        amount=fen_to_yuan(award.amount_fen),
        status=award.status,
        reference_date=award.reference_date,
        reason=award.closed_reason,
        reason_zh=award.closed_reason_zh,
        park_id=award.park_id,
        district_code=award.district_code,
        funding=[events.FundingShare(funder=f.funder, amount=fen_to_yuan(f.amount_fen)) for f in award.funding],
        payment_reference=award.payment_reference,
        paid_on=award.paid_on,
        recovery_due=None if award.recovery_due_fen is None else fen_to_yuan(award.recovery_due_fen),
        recovery_reason=award.recovery_reason,
        recovery_reason_zh=award.recovery_reason_zh,
        recovered_on=award.recovered_on,
    )
    await add_event(
        ctx.session,
        events.AWARD_EVENTS[verb],
        key=award.uscc or str(award.park_id),
        payload=payload,
        producer=SERVICE_NAME,
        occurred_at=ctx.clock.now(),
    )


def _audit_view(award: Award) -> dict[str, Any]:
    return {
        "rule": award.rule,
        "uscc": award.uscc,
        "amount": str(fen_to_yuan(award.amount_fen)),
        "status": award.status,
        "reviewed_by": award.reviewed_by,
        "approved_by": award.approved_by,
        "rejected_by": award.rejected_by,
        "payment_reference": award.payment_reference,
        "paid_on": award.paid_on.isoformat() if award.paid_on else None,
        "recovery_due": None if award.recovery_due_fen is None else str(fen_to_yuan(award.recovery_due_fen)),
        "recovered_on": award.recovered_on.isoformat() if award.recovered_on else None,
    }


def _audit_view_of(row: dict[str, Any]) -> dict[str, Any]:
    """The audit view of an award just computed, from the row it is inserted with."""
    return {
        "rule": row["rule"],
        "uscc": row["uscc"],
        "amount": str(fen_to_yuan(row["amount_fen"])),
        "status": "computed",
        "reviewed_by": None,
        "approved_by": None,
        "rejected_by": None,
        "payment_reference": None,
        "paid_on": None,
    }


__all__ = [
    "Proposal",
    "approve_award",
    "disburse_award",
    "get_award",
    "move_award",
    "name_unnamed_awards",
    "record_decision",
    "record_decisions",
    "record_recovery",
    "reject_award",
    "review_award",
]
