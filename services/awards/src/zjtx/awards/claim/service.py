"""Claims (A2.1, A2.2, A3.rent, A6.1): each is decided by its rule and stored, accepted with its award
or rejected with the reason; a repeat of the same facts never makes a second award."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.awards import errors
from zjtx.awards.award import repository as award_repository
from zjtx.awards.award import service as awards
from zjtx.awards.claim.decide import decide_claim
from zjtx.awards.claim.models import Claim
from zjtx.awards.claim.schemas import RentClaim, SupplyClaim, TradeFairClaim, UpgradeClaim
from zjtx.awards.readmodel import repository as views
from zjtx.awards.rules.facts import EnterpriseFacts
from zjtx.common.kit.context import Context
from zjtx.common.parameters import ParameterNotInForce
from zjtx.common.rules import Decision
from zjtx.common.uscc import normalise_uscc
from zjtx.common.web.audit import record_audit


async def submit_claim(ctx: Context, *, data: SupplyClaim | UpgradeClaim | RentClaim | TradeFairClaim) -> Claim:
    uscc = normalise_uscc(data.uscc)
    _check_dates(ctx, data)
    facts = await views.enterprise_facts(ctx.session, uscc)
    if facts is None or not facts.name:
        raise errors.EnterpriseNotFound(f"no enterprise {uscc} has been registered")
    claim = Claim(
        id=uuid.uuid4(),
        rule=data.rule,
        uscc=uscc,
        submitted_by=ctx.actor.name,
        evidence=data.model_dump(mode="json", exclude={"rule"}),
        status="rejected",
        explanation={},
    )
    try:
        decision = await _decide(ctx, facts, data)
    except ParameterNotInForce as exc:
        claim.reason = f"{exc}: the policy did not apply then"
    else:
        claim.explanation = decision.explanation.as_dict()
        await _settle(ctx, claim, decision, facts)
    ctx.session.add(claim)
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action=f"claim.{claim.status}",
        entity_type="claim",
        entity_id=str(claim.id),
        before=None,
        after={
            "rule": claim.rule,
            "uscc": uscc,
            "status": claim.status,
            "reason": claim.reason,
            "award_id": str(claim.award_id) if claim.award_id else None,
        },
    )
    return claim


async def get_claim(ctx: Context, claim_id: uuid.UUID) -> Claim:
    claim = await ctx.session.get(Claim, claim_id)
    if claim is None:
        raise errors.ClaimNotFound(f"no claim {claim_id}")
    return claim


async def _settle(ctx: Context, claim: Claim, decision: Decision, facts: EnterpriseFacts) -> None:
    if not decision.eligible:
        claim.reason = decision.reason
        return
    assert decision.dedup_key is not None
    award_id = await awards.record_decision(
        ctx, decision, uscc=facts.uscc, subject_name=facts.name, district_code=facts.district_code, claim_id=claim.id
    )
    if award_id is None:
        existing = await award_repository.by_dedup_key(ctx.session, decision.dedup_key)
        claim.reason = (
            f"already awarded for the same facts ({decision.rule}): award {existing.id}"
            if existing
            else "already awarded for the same facts"
        )
        return
    claim.status, claim.award_id = "accepted", award_id


async def _decide(ctx: Context, facts: EnterpriseFacts, data) -> Decision:
    """Read only what this claim's rule needs of earlier awards, then decide it."""
    rent_years = (
        await award_repository.years_with_rent_subsidy(ctx.session, facts.uscc) if isinstance(data, RentClaim) else []
    )
    used = {}
    if isinstance(data, TradeFairClaim):
        used[data.held_on.year] = await award_repository.trade_fair_total(ctx.session, facts.uscc, data.held_on.year)
    return decide_claim(facts, data, parameters=ctx.parameters, rent_years=rent_years, trade_fair_used_fen=used)


def _check_dates(ctx: Context, data) -> None:
    today = ctx.today()
    year = getattr(data, "year", None)
    if year is not None and year > today.year:
        raise errors.InvalidClaim(f"{year} has not begun")
    day: date | None = getattr(data, "completed_on", None) or getattr(data, "held_on", None)
    if day is not None and day > today:
        raise errors.InvalidClaim(f"{day} is in the future: claim once it has happened")
