"""Cultivation pools (A1.pools, A4.pool): dated entry and exit."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from zjtx.common.dates import check_fact_date
from zjtx.common.kit.context import Context
from zjtx.common.reference import POOL_NAMES
from zjtx.common.web.audit import record_audit
from zjtx.registry import errors
from zjtx.registry.enterprise.service import get_enterprise
from zjtx.registry.history.service import record_fact
from zjtx.registry.pool.models import POOLS, PoolMembership
from zjtx.registry.pool.schemas import PoolMemberCreate


def _check_pool(pool: str) -> None:
    if pool not in POOLS:
        raise errors.PoolNotFound(
            f"{pool} is not one of: {', '.join(POOLS)}", detail_zh=f"{pool}不是以下培育库之一：{'、'.join(POOLS)}"
        )


async def join_pool(ctx: Context, *, pool: str, data: PoolMemberCreate) -> PoolMembership:
    _check_pool(pool)
    enterprise = await get_enterprise(ctx, data.uscc, for_update=True)
    check_fact_date("joined_on", data.joined_on, today=ctx.today())
    if await _active(ctx, pool, enterprise.uscc) is not None:
        raise errors.AlreadyInPool(
            f"{enterprise.uscc} is in {pool}", detail_zh=f"{enterprise.uscc}已在{_pool(pool)}库中"
        )
    membership = PoolMembership(id=uuid.uuid4(), pool=pool, uscc=enterprise.uscc, joined_on=data.joined_on)
    ctx.session.add(membership)
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="pool.join",
        entity_type="pool_membership",
        entity_id=str(membership.id),
        before=None,
        after={"pool": pool, "uscc": enterprise.uscc, "joined_on": data.joined_on.isoformat()},
    )
    await _history(ctx, membership, "joined", membership.joined_on)
    return membership


async def leave_pool(ctx: Context, *, pool: str, uscc: str, left_on: date | None) -> PoolMembership:
    _check_pool(pool)
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    membership = await _active(ctx, pool, enterprise.uscc)
    if membership is None:
        raise errors.NotInPool(
            f"{enterprise.uscc} is not in {pool}", detail_zh=f"{enterprise.uscc}不在{_pool(pool)}库中"
        )
    left_on = check_fact_date("left_on", left_on or ctx.today(), today=ctx.today())
    if left_on < membership.joined_on:
        raise errors.LeftBeforeJoined(
            f"left_on {left_on} is before joined_on {membership.joined_on}",
            detail_zh=f"出库日{left_on}早于入库日{membership.joined_on}",
        )
    membership.left_on = left_on
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="pool.leave",
        entity_type="pool_membership",
        entity_id=str(membership.id),
        before={"left_on": None},
        after={"left_on": left_on.isoformat()},
    )
    await _history(ctx, membership, "left", left_on)
    return membership


async def list_members(
    ctx: Context, *, pool: str, include_left: bool, limit: int, after: str | None
) -> list[PoolMembership]:
    _check_pool(pool)
    query = select(PoolMembership).where(PoolMembership.pool == pool)
    if not include_left:
        query = query.where(PoolMembership.left_on.is_(None))
    if after is not None:
        query = query.where(PoolMembership.id > uuid.UUID(after))
    return list(await ctx.session.scalars(query.order_by(PoolMembership.id).limit(limit)))


async def _active(ctx: Context, pool: str, uscc: str) -> PoolMembership | None:
    return await ctx.session.scalar(
        select(PoolMembership).where(
            PoolMembership.pool == pool, PoolMembership.uscc == uscc, PoolMembership.left_on.is_(None)
        )
    )


async def _history(ctx: Context, membership: PoolMembership, verb: str, on: date) -> None:
    await record_fact(
        ctx.session,
        uscc=membership.uscc,
        line_type=f"registry.pool.{verb}",
        at=ctx.clock.now(),
        on=on,
        summary=f"{verb} pool {membership.pool} on {on}",
        summary_zh=f"{on}{_VERBS_ZH[verb]}{_pool(membership.pool)}库",
        payload={"pool": membership.pool, "membership_id": str(membership.id), f"{verb}_on": on.isoformat()},
        actor=ctx.actor.name,
    )


_VERBS_ZH = {"joined": "进入", "left": "移出"}


def _pool(code: str) -> str:
    """A pool's Chinese name (成长型小微企业), the code for one the table does not have."""
    return POOL_NAMES.get(code, code)
