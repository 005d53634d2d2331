"""Claims (A2.1, A2.2, A3.rent, A6.1): each is stored and decided with every other claim and fact of its
enterprise and rule (zjtx.awards.settlement), accepted with its award or rejected with the reason. A
later fact may change its decision; a repeat of the same facts never makes a second award."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.awards import errors
from zjtx.awards.claim import repository
from zjtx.awards.claim.models import Claim
from zjtx.awards.claim.publishing import publish_claim
from zjtx.awards.claim.schemas import RentClaim, SupplyClaim, TradeFairClaim, UpgradeClaim
from zjtx.awards.readmodel import repository as views
from zjtx.awards.settlement import service as settlement
from zjtx.common.dates import check_fact_date
from zjtx.common.kit.context import Context
from zjtx.common.uscc import normalise_uscc
from zjtx.common.web.audit import record_audit

ClaimIn = SupplyClaim | UpgradeClaim | RentClaim | TradeFairClaim


async def submit_claim(ctx: Context, *, data: ClaimIn) -> Claim:
    uscc = normalise_uscc(data.uscc)
    check_claim(data, today=ctx.today(), clusters=ctx.reference.clusters)
    facts = await views.enterprise_facts(ctx.session, uscc)
    if facts is None or not facts.name:
        raise errors.EnterpriseNotFound(f"no enterprise {uscc} has been registered", detail_zh=f"企业{uscc}尚未登记")
    claim = Claim(
        id=uuid.uuid4(),
        rule=data.rule,
        uscc=uscc,
        submitted_by=ctx.actor.name,
        evidence=data.model_dump(mode="json", exclude={"rule"}),
        status="rejected",  # until decided, a few lines below, in the same transaction
        explanation={},
    )
    ctx.session.add(claim)
    await ctx.session.flush()
    await settlement.settle(ctx, {uscc: [settlement.group_of(data.rule)]}, quiet=[claim.id])
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
            "reason_code": claim.reason_code,
            "award_id": str(claim.award_id) if claim.award_id else None,
        },
    )
    await publish_claim(ctx, claim, "filed")
    return claim


async def get_claim(ctx: Context, claim_id: uuid.UUID) -> Claim:
    claim = await ctx.session.get(Claim, claim_id)
    if claim is None:
        raise errors.ClaimNotFound(f"no claim {claim_id}", detail_zh=f"无此申请：{claim_id}")
    return claim


async def list_claims(
    ctx: Context,
    *,
    filters: dict,
    district_code: str | None,
    filed_from: date | None,
    filed_to: date | None,
    limit: int,
    after_seq: int | None,
) -> list[Claim]:
    """Claims in the order they were filed (rejected ones too), filtered as officers look for them."""
    if filed_from is not None and filed_to is not None and filed_to < filed_from:
        raise errors.InvalidWindow(
            f"to {filed_to} is before from {filed_from}", detail_zh=f"截止日期{filed_to}早于起始日期{filed_from}"
        )
    return await repository.search(
        ctx.session,
        filters=filters,
        district_code=district_code,
        filed_from=filed_from,
        filed_to=filed_to,
        limit=limit,
        after_seq=after_seq,
    )


def check_claim(data, *, today: date, clusters) -> None:
    """What a claim cannot be, whatever the facts: dated in the future (or before 1949-10-01), about a year
    that has not ended (RULES: finished years only), or naming an unknown buyer cluster."""
    day: date | None = getattr(data, "completed_on", None) or getattr(data, "held_on", None)
    if day is not None:
        check_fact_date("completed_on" if hasattr(data, "completed_on") else "held_on", day, today=today)
    year = getattr(data, "year", None) or (data.held_on.year if hasattr(data, "held_on") else None)
    if year is not None and year >= today.year:
        raise errors.YearNotEnded(
            f"{year} has not ended (today is {today}): a claim about a year is accepted once it has ended",
            detail_zh=f"{year}年度尚未结束（今天是{today}）：年度事项须在该年度结束后申报",
        )
    cluster = getattr(data, "buyer_cluster", None)
    if cluster is not None and cluster not in clusters:
        raise errors.UnknownCluster(
            f"buyer_cluster {cluster} is not one of: {', '.join(clusters)}",
            detail_zh=f"采购方产业集群{cluster}不属于：{'、'.join(clusters)}",
        )
