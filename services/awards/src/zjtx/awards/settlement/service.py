"""Settling an enterprise's awards: whenever a fact arrives (a claim, a registry event, a reviewer's
rejection), the decisions it can change are taken again by the decision procedure
(zjtx.awards.rules.procedure) over every fact known, in the order of the facts' own dates, and what stands
is set accordingly (RULES, "Order does not matter"):

- an eligible decision with no award holding its place becomes a computed award (unless a reviewer
  rejected an award of the same source for that place: the enterprise files again with new evidence);
- an award not paid yet that no longer holds, or holds for another amount or another rule, is revoked
  with the reason, and the new decision (if any) takes its place;
- a paid award that no longer (wholly) holds is flagged for recovery of what it was paid too much; a flag
  the facts no longer support is cleared;
- each claim's status, reason and explanation follow its decision.

A settlement first takes the enterprise's decision lock (zjtx.common.db.lock_decisions), in the deciding
transaction: two claims at the same moment are decided one after the other, the second seeing what the
first did, so caps, runs of years and once-only awards hold."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from zjtx.awards import SERVICE_NAME
from zjtx.awards.award import service as awards
from zjtx.awards.award.models import COMMITTED, HOLDING, Award
from zjtx.awards.claim.models import Claim
from zjtx.awards.claim.publishing import publish_claim
from zjtx.awards.claim.schemas import RentEvidence, SupplyEvidence, TradeFairEvidence, UpgradeEvidence
from zjtx.awards.readmodel import repository as views
from zjtx.awards.rules.facts import EnterpriseFacts
from zjtx.awards.rules.procedure import GROUP_OF_RULE, RULES_OF_GROUP, ClaimFact, Decided, decide_enterprise
from zjtx.awards.rules.recognition import NATIONAL
from zjtx.awards.settlement import repository
from zjtx.awards.settlement.repository import REJECTED_ON_REVIEW
from zjtx.common import workflow
from zjtx.common.db import Write, lock_decisions
from zjtx.common.kit.context import Context
from zjtx.common.rules import RuleContext, yuan
from zjtx.common.web.audit import Actor, record_audit

EVIDENCE = {"A2.1": SupplyEvidence, "A2.2": UpgradeEvidence, "A3.rent": RentEvidence, "A6.1": TradeFairEvidence}
CLAIM_RULES = frozenset(EVIDENCE)


@dataclass
class Settled:
    """What a settlement did to the claims (by id) it decided: the ones whose decision changed."""

    changed_claims: set[uuid.UUID] = field(default_factory=set)


def lock_keys(subjects: Mapping[str, Collection[str]]) -> list[tuple[str, ...]]:
    """The decision locks of `subjects` (uscc -> groups): one per enterprise, for every group of rules. A
    fact often settles several groups at once (a size change: A2.1, A2.2, A4.1, A6.1), and a consumer batch
    settles hundreds of enterprises in one transaction: one lock each keeps that within PostgreSQL's lock
    table (max_locks_per_transaction × connections), where one per group would take four times as many.
    Two decisions about different enterprises never wait for each other."""
    return [(SERVICE_NAME, "decisions", uscc) for uscc in subjects]


async def settle(
    ctx: Context,
    subjects: Mapping[str, Collection[str]],
    *,
    actors: Mapping[str, Actor] | None = None,
    causes: Mapping[str, uuid.UUID] | None = None,
    quiet: Collection[uuid.UUID] = (),
    beside: Sequence[Write] = (),
) -> Settled:
    """Decide again the groups of rules named for each enterprise (uscc -> groups) and set what stands.
    `actors`: who acts for each enterprise (default the context's); `causes`: the event behind it; claims
    in `quiet` are audited by the caller (a claim just filed); `beside`: read-model rows the decisions
    read, written with the lock, in one statement."""
    await lock_decisions(ctx.session, lock_keys(subjects), *beside)
    usccs = list(subjects)
    rules = {rule for groups in subjects.values() for group in groups for rule in RULES_OF_GROUP[group]}
    facts = await views.facts_of(ctx.session, usccs)
    claims = await repository.standing_claims(ctx.session, usccs, rules & CLAIM_RULES)
    held = await repository.awards_of(ctx.session, usccs, rules)
    settled = Settled()
    plans = []
    for uscc in usccs:
        if uscc not in facts:
            continue
        actor = (actors or {}).get(uscc, ctx.actor)
        mine = [c for c in claims if c.uscc == uscc]
        readable = {c.id: claim_fact(c) for c in mine}
        decided = decide_enterprise(
            facts[uscc],
            [fact for fact in readable.values() if fact is not None],
            parameters=ctx.parameters,
            today=ctx.today(),
            groups=tuple(subjects[uscc]),
        )
        decided += [_unreadable(c, ctx) for c in mine if readable[c.id] is None]
        plan = _plan(facts[uscc], decided, [a for a in held if a.uscc == uscc], mine)
        plan.actor, plan.cause = actor, (causes or {}).get(uscc)
        plans.append(plan)
    # Revocations and flags first: a place a revoked award frees is taken by the new award after it.
    for plan in plans:
        as_actor = replace(ctx, actor=plan.actor)
        for award, move in plan.moves:
            await awards.move_award(as_actor, award, move)
    proposals = [(plan, decided) for plan in plans for decided in plan.create]
    ids = await awards.record_decisions(ctx, [_proposal(plan, decided) for plan, decided in proposals])
    for (plan, decided), award_id in zip(proposals, ids, strict=True):
        plan.awarded[decided.source] = award_id
    for plan in plans:
        await _update_claims(ctx, plan, settled, quiet)
    return settled


# -- the plan: what stands, from the decisions and the awards held ------------------------------------


@dataclass
class _Plan:
    facts: EnterpriseFacts
    decided: dict[str, Decided]
    claims: list[Claim]
    moves: list[tuple[Award, workflow.Move]] = field(default_factory=list)
    create: list[Decided] = field(default_factory=list)
    # source -> the award that stands for it (kept, new, or the paid one holding its place)
    awarded: dict[str, uuid.UUID | None] = field(default_factory=dict)
    actor: Actor | None = None
    cause: uuid.UUID | None = None


def _plan(facts: EnterpriseFacts, decided: list[Decided], held: list[Award], claims: list[Claim]) -> _Plan:
    plan = _Plan(facts, {d.source: d for d in decided}, claims)
    wanted = {d.decision.dedup_key: d for d in decided if d.decision.eligible and d.decision.dedup_key}
    holding = {a.dedup_key: a for a in held if a.status in HOLDING}
    rejected = {(a.dedup_key, a.source) for a in held if a.status == "rejected"}
    for place in sorted(set(wanted) | set(holding)):
        want, have = wanted.get(place), holding.get(place)
        if have is None:
            if want is not None and (place, want.source) not in rejected:
                plan.create.append(want)
            continue
        if have.status in COMMITTED:
            if want is not None and _same(want, have):
                plan.awarded[want.source] = have.id
                continue
            why, why_zh = _why(have, want, plan.decided)
            plan.moves.append((have, workflow.revoke(have, reason=why, reason_zh=why_zh, what="award")))
            if want is not None and (place, want.source) not in rejected:
                plan.create.append(want)
            continue
        # Paid: it keeps its place; what it was paid beyond what the facts now grant is due back.
        if want is not None:
            plan.awarded[want.source] = have.id
        if have.status == "recovered":
            continue
        due = max(0, have.amount_fen - (want.decision.amount_fen if want is not None else 0))
        if due != (have.recovery_due_fen or 0) and (due > 0 or have.status == "recovery_due"):
            why, why_zh = _why(have, want, plan.decided) if due else WHOLLY_SUPPORTED
            flag = workflow.flag_recovery(have, amount_fen=due, reason=why, reason_zh=why_zh, what="award")
            plan.moves.append((have, flag))
    return plan


def _same(want: Decided, have: Award) -> bool:
    return (want.source, want.decision.rule, want.decision.amount_fen) == (have.source, have.rule, have.amount_fen)


# Why a recovery flag is cleared, in English and Chinese.
WHOLLY_SUPPORTED = ("the facts support the whole amount paid again", "现有事实再次支持已拨付的全部金额")


def _why(have: Award, want: Decided | None, decided: Mapping[str, Decided]) -> tuple[str, str]:
    """Why an award no longer stands as it is, in English and Chinese: its own source's refusal, or the
    new figure."""
    own = decided.get(have.source or "")
    if own is not None and not own.decision.eligible and own.decision.reason:
        return own.decision.reason, own.decision.reason_zh or own.decision.reason
    if want is not None:
        new, old = want.decision, have
        return (
            f"decided again with the facts known now: {new.rule} {yuan(new.amount_fen)} "
            f"instead of {old.rule} {yuan(old.amount_fen)}",
            f"按现有事实重新决定：{new.rule} {yuan(new.amount_fen)}元，取代{old.rule} {yuan(old.amount_fen)}元",
        )
    return f"no longer decided for {have.source}", f"{_source_zh(have.source)}不再作出决定"


# What an award was decided from (`Award.source`: `claim:<id>`, …), as a Chinese line names it.
_SOURCE_KINDS_ZH = {
    "claim": "申请",
    "recognition": "认定",
    "relocation": "迁入",
    "scale": "规上报告",
    "park": "园区",
}


def _source_zh(source: str | None) -> str:
    kind, _, rest = (source or "").partition(":")
    return f"{_SOURCE_KINDS_ZH[kind]}{rest}" if kind in _SOURCE_KINDS_ZH else (source or "")


def _proposal(plan: _Plan, decided: Decided) -> awards.Proposal:
    facts, decision = plan.facts, decided.decision
    source_kind, _, source_id = decided.source.partition(":")
    recognition_id = None
    if source_kind == "recognition":
        recognition_id = uuid.UUID(source_id)
    elif decision.rule == "A1.3":  # revoking the recognition it rests on settles it again
        held = facts.holds(frozenset({NATIONAL}), decision.reference_date)
        recognition_id = held[0].recognition_id if held else None
    return awards.Proposal(
        decision,
        uscc=facts.uscc,
        subject_name=facts.name,
        district_code=facts.district_code,
        actor=plan.actor or Actor("system"),
        source_event_id=plan.cause,
        source_recognition_id=recognition_id,
        claim_id=uuid.UUID(source_id) if source_kind == "claim" else None,
        source=decided.source,
    )


async def _update_claims(ctx: Context, plan: _Plan, settled: Settled, quiet: Collection[uuid.UUID]) -> None:
    """Each claim's status, reason and explanation as its decision now says; changes audited."""
    for claim in plan.claims:
        decided = plan.decided.get(claim_source(claim.id))
        if decided is None:
            continue
        decision = decided.decision
        before = _claim_view(claim)
        award_id = plan.awarded.get(decided.source)
        claim.status = "accepted" if decision.eligible and award_id is not None else "rejected"
        claim.reason = None if claim.status == "accepted" else (decision.reason or "not eligible")
        claim.reason_code = None if claim.status == "accepted" else (decision.reason_code or "not_eligible")
        claim.explanation = decision.explanation.as_dict()
        claim.award_id = award_id or claim.award_id
        after = _claim_view(claim)
        if after != before:
            settled.changed_claims.add(claim.id)
            if claim.id not in quiet:
                await record_audit(
                    ctx.session,
                    actor=plan.actor or ctx.actor,
                    action="claim.redecided",
                    entity_type="claim",
                    entity_id=str(claim.id),
                    before=before,
                    after=after,
                )
                await publish_claim(ctx, claim, "redecided")
    await ctx.session.flush()


def _claim_view(claim: Claim) -> dict[str, Any]:
    return {
        "status": claim.status,
        "reason": claim.reason,
        "reason_code": claim.reason_code,
        "award_id": str(claim.award_id) if claim.award_id else None,
    }


def claim_source(claim_id: uuid.UUID) -> str:
    return f"claim:{claim_id}"


def claim_fact(claim: Claim) -> ClaimFact | None:
    """The claim's evidence as the procedure reads it; None when it cannot be read (a claim stored before
    a field it now needs was asked for, and not completed by the migration)."""
    model = EVIDENCE[claim.rule]
    # Only the fields of the evidence: a note kept beside them (`backfilled`) is not evidence.
    data = {k: v for k, v in claim.evidence.items() if k in model.model_fields} | {"rule": claim.rule}
    try:
        evidence = model.model_validate(data)
    except ValidationError:
        return None
    return ClaimFact(claim_source(claim.id), evidence, (claim.seq,))


def _unreadable(claim: Claim, ctx: Context) -> Decided:
    model = EVIDENCE[claim.rule]
    missing = sorted(set(model.model_fields) - set(claim.evidence) - {"rule"})
    on = claim.created_at.date()
    decision = RuleContext(claim.rule, ctx.parameters, on).refuse(
        f"the claim's evidence lacks {', '.join(missing) or 'fields it needs'}: file it again with them",
        zh=f"申请材料缺少{'、'.join(missing) or '必要字段'}：请补齐后重新申报",
        code="evidence_incomplete",
    )
    return Decided(claim_source(claim.id), GROUP_OF_RULE[claim.rule], on, decision)


def group_of(rule: str) -> str:
    return GROUP_OF_RULE[rule]


async def reject_award(ctx: Context, *, award_id: uuid.UUID, reason: str) -> Award:
    """A reviewer rejects an award: it frees its place (RULES). Its claim no longer counts
    (`rejected_on_review`: the enterprise may file again with new evidence), and the decisions that
    shared a cap, a run or a place with it are taken again."""
    found = await awards.get_award(ctx, award_id)
    group = GROUP_OF_RULE.get(found.rule)
    subjects = {found.uscc: [group]} if found.uscc and group else {}
    # The decision lock before the award's row lock: the order a settlement takes them in.
    await lock_decisions(ctx.session, lock_keys(subjects))
    award = await awards.reject_award(ctx, award_id=award_id, reason=reason)
    if award.claim_id is not None:
        claim = await ctx.session.get(Claim, award.claim_id)
        if claim is not None:
            before = _claim_view(claim)
            claim.status, claim.reason, claim.reason_code = REJECTED_ON_REVIEW, reason, REJECTED_ON_REVIEW
            await ctx.session.flush()
            await record_audit(
                ctx.session,
                actor=ctx.actor,
                action="claim.rejected_on_review",
                entity_type="claim",
                entity_id=str(claim.id),
                before=before,
                after=_claim_view(claim),
            )
    if subjects:
        await settle(ctx, subjects)
    return await awards.get_award(ctx, award_id)


__all__ = ["Settled", "claim_source", "group_of", "lock_keys", "reject_award", "settle"]
