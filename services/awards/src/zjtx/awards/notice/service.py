"""Public notice (公示, P.notice; issue 12 item 5): objections raised against an award on notice, recorded
and resolved by an officer (who raised it, why; who resolved it, how), and the public list of the awards on
notice today. Reviewing puts an award on notice and approval waits for it (zjtx.awards.award.service)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards import errors
from zjtx.awards.award.models import Award, AwardObjection
from zjtx.awards.award.service import get_award
from zjtx.awards.notice import repository
from zjtx.common.kit.context import Context
from zjtx.common.web.audit import record_audit
from zjtx.common.workflow import STATUS_NAMES


async def raise_objection(ctx: Context, *, award_id: uuid.UUID, raised_by: str, reason: str) -> AwardObjection:
    """An objection to an award on notice (reviewed, with a notice period): `not_in_notice` otherwise. It may
    arrive after the last notice day until the award is approved (it was posted in time)."""
    award = await get_award(ctx, award_id, for_update=True)
    if award.status != "reviewed" or award.notice_starts_on is None:
        raise errors.NotInNotice(
            f"the award is {award.status} and not on public notice: no objection is taken",
            detail_zh=f"该奖励状态为{STATUS_NAMES.get(award.status, award.status)}，不在公示期内：不受理异议",
        )
    objection = AwardObjection(
        id=uuid.uuid4(), award_id=award.id, raised_by=raised_by, reason=reason, recorded_by=ctx.actor.name
    )
    ctx.session.add(objection)
    await ctx.session.flush()
    await ctx.session.refresh(objection)
    await _audit(ctx, "award.objection_raised", award, objection)
    return objection


async def resolve_objection(
    ctx: Context, *, award_id: uuid.UUID, objection_id: uuid.UUID, resolution: str
) -> AwardObjection:
    """Close an open objection with how it was resolved; `objection_resolved` if it is closed already."""
    award = await get_award(ctx, award_id, for_update=True)
    objection = await repository.get_objection(ctx.session, award.id, objection_id, for_update=True)
    if objection is None:
        raise errors.ObjectionNotFound(
            f"no objection {objection_id} to award {award_id}", detail_zh=f"奖励{award_id}无此异议：{objection_id}"
        )
    if objection.resolved_at is not None:
        raise errors.ObjectionResolved(
            f"resolved by {objection.resolved_by} at {objection.resolved_at}",
            detail_zh=f"该异议已由{objection.resolved_by}于{objection.resolved_at}处理",
        )
    objection.resolved_by = ctx.actor.name
    objection.resolved_at = ctx.clock.now()
    objection.resolution = resolution
    await ctx.session.flush()
    await _audit(ctx, "award.objection_resolved", award, objection)
    return objection


async def _audit(ctx: Context, action: str, award: Award, objection: AwardObjection) -> None:
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action=action,
        entity_type="award",
        entity_id=str(award.id),
        before=None,
        after={
            "objection_id": str(objection.id),
            "raised_by": objection.raised_by,
            "reason": objection.reason,
            "resolution": objection.resolution,
        },
    )


async def objections_of(ctx: Context, *, award_id: uuid.UUID, limit: int, after) -> list[AwardObjection]:
    """An award's objections, open and resolved, in the order recorded; `award_not_found` for none."""
    award = await get_award(ctx, award_id)
    return await repository.objections_of(ctx.session, award.id, limit=limit, after=after)


async def notices(session: AsyncSession, *, today: date, limit: int, after) -> list[Award]:
    """The awards on public notice today, oldest first, a page at a time."""
    return await repository.on_notice(session, today=today, limit=limit, after=after)
