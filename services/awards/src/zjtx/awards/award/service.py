"""Awards: recording a rule's decision once, and the life of an award — computed → reviewed →
approved → disbursed; rejected and revoked are final. Each step is audited and published."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from zjtx.awards import SERVICE_NAME, errors
from zjtx.awards.award import repository
from zjtx.awards.award.models import COMMITTED, Award
from zjtx.awards.rules.funding import split_funding
from zjtx.common.clock import CHINA
from zjtx.common.events import awards as events
from zjtx.common.kit.context import Context
from zjtx.common.messaging import add_event
from zjtx.common.money import fen_to_yuan
from zjtx.common.rules import Decision
from zjtx.common.web.audit import record_audit


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
) -> Award | None:
    """Store an eligible decision as a computed award with its F.1 split; None when an award with the
    same dedup key exists already (a redelivered event, a repeated claim, A1.2 after A1.3)."""
    assert decision.eligible and decision.dedup_key
    award_id = await repository.insert_once(
        ctx.session,
        {
            "id": uuid.uuid4(),
            "dedup_key": decision.dedup_key,
            "uscc": uscc,
            "park_id": park_id,
            "subject_name": subject_name,
            "district_code": district_code,
            "rule": decision.rule,
            "monetary": decision.monetary,
            "amount_fen": decision.amount_fen,
            "status": "computed",
            "reference_date": decision.reference_date,
            "parameters_version": decision.parameters_version,
            "explanation": decision.explanation.as_dict(),
            "source_event_id": source_event_id,
            "source_recognition_id": source_recognition_id,
            "claim_id": claim_id,
        },
    )
    if award_id is None:
        return None
    shares = split_funding(
        decision.amount_fen, district_code=district_code, on=decision.reference_date, parameters=ctx.parameters
    )
    await repository.add_funding(ctx.session, award_id, [(s.funder, s.amount_fen) for s in shares])
    award = await repository.get(ctx.session, award_id)
    assert award is not None
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="award.computed",
        entity_type="award",
        entity_id=str(award.id),
        before=None,
        after=_audit_view(award),
    )
    await _publish(ctx, award, "computed")
    return award


async def name_unnamed_awards(ctx: Context, *, uscc: str, name: str) -> None:
    """An event may have run ahead of the registration: its award got the stub's empty name until now."""
    if name:
        await repository.fill_subject_name(ctx.session, uscc, name)


async def get_award(ctx: Context, award_id: uuid.UUID, *, for_update: bool = False) -> Award:
    award = await repository.get(ctx.session, award_id, for_update=for_update)
    if award is None:
        raise errors.AwardNotFound(f"no award {award_id}")
    return award


async def review_award(ctx: Context, *, award_id: uuid.UUID, note: str | None) -> Award:
    award = await get_award(ctx, award_id, for_update=True)
    _require(award, {"computed"}, "review")
    return await _move(ctx, award, "reviewed", reviewed_by=ctx.actor.name, reviewed_at=ctx.clock.now(), note=note)


async def approve_award(ctx: Context, *, award_id: uuid.UUID, note: str | None) -> Award:
    """Four eyes: the approving client must not be the one that reviewed."""
    award = await get_award(ctx, award_id, for_update=True)
    _require(award, {"reviewed"}, "approve")
    if award.reviewed_by == ctx.actor.name:
        raise errors.SameClientApproval(f"{ctx.actor.name} reviewed this award; another client must approve it")
    return await _move(ctx, award, "approved", approved_by=ctx.actor.name, approved_at=ctx.clock.now(), note=note)


async def reject_award(ctx: Context, *, award_id: uuid.UUID, reason: str) -> Award:
    award = await get_award(ctx, award_id, for_update=True)
    _require(award, {"computed", "reviewed"}, "reject")
    return await _move(ctx, award, "rejected", closed_reason=reason, note=reason)


async def disburse_award(ctx: Context, *, award_id: uuid.UUID, payment_reference: str, paid_on: date) -> Award:
    award = await get_award(ctx, award_id, for_update=True)
    _require(award, {"approved"}, "disburse")
    if not award.monetary:
        raise errors.InvalidTransition("a plaque is conferred, not paid")
    if paid_on > ctx.today():
        raise errors.InvalidPayment(f"paid_on {paid_on} is in the future")
    approved_on = award.approved_at.astimezone(CHINA).date() if award.approved_at else None
    if approved_on is not None and paid_on < approved_on:
        raise errors.InvalidPayment(f"paid_on {paid_on} is before the approval on {approved_on}")
    return await _move(
        ctx, award, "disbursed", payment_reference=payment_reference, paid_on=paid_on, note=payment_reference
    )


async def revoke_for_recognition(ctx: Context, *, recognition_id: uuid.UUID, reason: str) -> list[Award]:
    """A recognition revoked before its award is paid cancels the award."""
    revoked = []
    for award in await repository.unpaid_from_recognition(ctx.session, recognition_id):
        revoked.append(await _move(ctx, award, "revoked", closed_reason=reason, note=reason))
    return revoked


def _require(award: Award, allowed: set[str], action: str) -> None:
    if award.status not in allowed:
        raise errors.InvalidTransition(f"cannot {action} an award that is {award.status}")


async def _move(ctx: Context, award: Award, status: str, *, note: str | None, **changes: Any) -> Award:
    before = _audit_view(award)
    award.status = status
    for name, value in changes.items():
        setattr(award, name, value)
    await ctx.session.flush()
    award = await get_award(ctx, award.id)
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action=f"award.{status}",
        entity_type="award",
        entity_id=str(award.id),
        before=before,
        after={**_audit_view(award), "note": note},
    )
    await _publish(ctx, award, status)
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
        park_id=award.park_id,
        district_code=award.district_code,
        funding=[events.FundingShare(funder=f.funder, amount=fen_to_yuan(f.amount_fen)) for f in award.funding],
        payment_reference=award.payment_reference,
        paid_on=award.paid_on,
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
        "payment_reference": award.payment_reference,
        "paid_on": award.paid_on.isoformat() if award.paid_on else None,
    }


__all__ = [
    "COMMITTED",
    "approve_award",
    "disburse_award",
    "get_award",
    "name_unnamed_awards",
    "record_decision",
    "reject_award",
    "review_award",
    "revoke_for_recognition",
]
