"""Read views of enterprises, loaded in batches (three queries for a whole page, not three per row)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from zjtx.common.kit import Context
from zjtx.registry.enterprise.models import Enterprise, NewEnterprise
from zjtx.registry.enterprise.schemas import EnterpriseRead, RecognitionSummary
from zjtx.registry.inspection.models import Inspection
from zjtx.registry.pool.models import PoolMembership
from zjtx.registry.recognition.models import Recognition


async def enterprise_views(ctx: Context, enterprises: list[Enterprise]) -> list[EnterpriseRead]:
    codes = [e.uscc for e in enterprises]
    if not codes:
        return []
    recognitions: dict[str, list[RecognitionSummary]] = defaultdict(list)
    for r in await ctx.session.scalars(
        select(Recognition).where(Recognition.uscc.in_(codes)).order_by(Recognition.recognized_on)
    ):
        recognitions[r.uscc].append(
            RecognitionSummary(
                id=r.id, tier=r.tier, recognized_on=r.recognized_on, expires_on=r.expires_on, status=r.status
            )
        )
    pools: dict[str, list[str]] = defaultdict(list)
    for uscc, pool in await ctx.session.execute(
        select(PoolMembership.uscc, PoolMembership.pool)
        .where(PoolMembership.uscc.in_(codes), PoolMembership.left_on.is_(None))
        .order_by(PoolMembership.pool)
    ):
        pools[uscc].append(pool)
    lists: dict[str, set[str]] = defaultdict(set)
    for uscc, entry in await ctx.session.execute(
        select(Inspection.uscc, Inspection.list_entry).where(
            Inspection.uscc.in_(codes), Inspection.list_entry.is_not(None)
        )
    ):
        lists[uscc].add(entry)
    return [
        _view(ctx, e, recognitions=recognitions[e.uscc], pools=pools[e.uscc], credit_lists=sorted(lists[e.uscc]))
        for e in enterprises
    ]


async def enterprise_view(ctx: Context, enterprise: Enterprise) -> EnterpriseRead:
    return (await enterprise_views(ctx, [enterprise]))[0]


def new_enterprise_view(ctx: Context, enterprise: NewEnterprise) -> EnterpriseRead:
    """The view of an enterprise registered in this transaction: nothing can refer to it yet (no
    recognitions, pools or list entries), so there is nothing to read back."""
    return _view(ctx, enterprise, recognitions=[], pools=[], credit_lists=[])


def _view(
    ctx: Context,
    e: Enterprise | NewEnterprise,
    *,
    recognitions: list[RecognitionSummary],
    pools: list[str],
    credit_lists: list[str],
) -> EnterpriseRead:
    return EnterpriseRead(
        uscc=e.uscc,
        name=e.name,
        district_code=e.district_code,
        district_name=ctx.reference.divisions.get(e.district_code, ""),
        sector=e.sector,
        cluster=e.cluster,
        employees=e.employees,
        annual_revenue=e.annual_revenue_fen,
        total_assets=e.total_assets_fen,
        size_class=e.size_class,
        is_sme=e.is_sme,
        registered_on=e.registered_on,
        park_id=e.park_id,
        recognitions=recognitions,
        pools=pools,
        credit_lists=credit_lists,
        created_at=e.created_at,
        updated_at=e.updated_at,
    )
