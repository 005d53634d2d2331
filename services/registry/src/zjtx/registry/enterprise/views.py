"""Read views of enterprises, loaded in batches (three queries for a whole page, not three per row)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import or_, select

from zjtx.common.kit.context import Context
from zjtx.registry.credit_list.models import CreditListEntry
from zjtx.registry.enterprise.models import Enterprise, EnterpriseFacts
from zjtx.registry.enterprise.records import NewEnterprise
from zjtx.registry.enterprise.schemas import EnterpriseRead, RecognitionSummary
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
    today = ctx.today()
    for uscc, entry in await ctx.session.execute(
        select(CreditListEntry.uscc, CreditListEntry.list).where(
            CreditListEntry.uscc.in_(codes),
            CreditListEntry.listed_on <= today,
            or_(CreditListEntry.removed_on.is_(None), CreditListEntry.removed_on > today),
        )
    ):
        lists[uscc].add(entry)
    return [
        _view(ctx, e, recognitions=recognitions[e.uscc], pools=pools[e.uscc], credit_lists=sorted(lists[e.uscc]))
        for e in enterprises
    ]


async def enterprise_view(ctx: Context, enterprise: Enterprise) -> EnterpriseRead:
    return (await enterprise_views(ctx, [enterprise]))[0]


async def enterprise_view_as_of(
    ctx: Context, enterprise: Enterprise, version: EnterpriseFacts, *, as_of
) -> EnterpriseRead:
    """The enterprise with the facts and size class of `version` (the one in force on `as_of`)."""
    current = await enterprise_view(ctx, enterprise)
    return current.model_copy(
        update={
            "name": version.name,
            "district_code": version.district_code,
            "district_name": ctx.reference.divisions.get(version.district_code, ""),
            "sector": version.sector,
            "cluster": version.cluster,
            "employees": version.employees,
            "annual_revenue": version.annual_revenue_fen,
            "total_assets": version.total_assets_fen,
            "size_class": version.size_class,
            "is_sme": version.is_sme,
            "size_explanation": version.size_explanation,
            "park_id": version.park_id,
            "effective_on": version.effective_on,
            "as_of": as_of,
        }
    )


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
        size_explanation=e.size_explanation,
        effective_on=e.effective_on,
        registered_on=e.registered_on,
        park_id=e.park_id,
        recognitions=recognitions,
        pools=pools,
        credit_lists=credit_lists,
        created_at=e.created_at,
        updated_at=e.updated_at,
    )
