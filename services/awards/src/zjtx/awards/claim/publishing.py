"""A claim's event (awards.claim.filed / redecided): its decision, for the enterprise's file in the registry
(一企一档: claims, rejected ones too). Written beside the decision, through the outbox."""

from __future__ import annotations

from zjtx.awards import SERVICE_NAME
from zjtx.awards.claim.models import Claim
from zjtx.awards.claim.schemas import chinese_reason
from zjtx.awards.rules.reasons import reason_name
from zjtx.common.events import awards as events
from zjtx.common.kit.context import Context
from zjtx.common.messaging.outbox import add_event


async def publish_claim(ctx: Context, claim: Claim, verb: str) -> None:
    await add_event(
        ctx.session,
        events.CLAIM_EVENTS[verb],
        key=claim.uscc,
        payload=events.ClaimEvent(
            claim_id=claim.id,
            uscc=claim.uscc,
            rule=claim.rule,
            status=claim.status,
            decided_on=ctx.today(),
            filed_by=claim.submitted_by,
            reason=claim.reason,
            reason_zh=chinese_reason(claim.status, claim.explanation),
            reason_code=claim.reason_code,
            reason_code_name=reason_name(claim.reason_code),
            award_id=claim.award_id,
        ),
        producer=SERVICE_NAME,
        occurred_at=ctx.clock.now(),
    )
