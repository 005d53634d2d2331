"""What the registry's events do here: keep the read models, and, since who held a 小巨人 recognition on
which dates decides A5.1, decide the enterprise's subsidies again when its recognitions change (a late
recognition, a revocation: RULES "Order does not matter")."""

from __future__ import annotations

from datetime import datetime

from zjtx.common.clock import CHINA
from zjtx.common.events import registry as registry_events
from zjtx.common.kit.context import Context
from zjtx.common.money import yuan_to_fen
from zjtx.finance_subsidy import errors
from zjtx.finance_subsidy.enterprise import repository
from zjtx.finance_subsidy.enterprise.models import WITHDRAWN, EnterpriseView
from zjtx.finance_subsidy.subsidy import service as subsidies


async def enterprise_changed(
    ctx: Context,
    event: registry_events.EnterpriseSnapshot | registry_events.EnterpriseFactsSnapshot,
    *,
    occurred_at: datetime,
) -> None:
    """registered / updated: the profile, from the event's `effective_on` (version 1 may lack it: then
    from the day it occurred, Asia/Shanghai)."""
    await repository.upsert_enterprise(
        ctx.session,
        {
            "uscc": event.uscc,
            "name": event.name,
            "district_code": event.district_code,
            "sector": event.sector,
            "cluster": event.cluster,
            "size_class": event.size_class,
            "is_sme": event.is_sme,
            "employees": event.employees,
            "annual_revenue_fen": yuan_to_fen(event.annual_revenue),
            "registered": True,
            "facts_effective_on": event.effective_on or occurred_at.astimezone(CHINA).date(),
        },
    )


async def recognition_changed(ctx: Context, event: registry_events.RecognitionEvent) -> None:
    """Granted, renewed, revoked or expired: the recognition as it now stands, then the enterprise's
    subsidies decided again (only a 小巨人 tier can change them; a loan must exist for there to be any)."""
    await repository.stub_enterprise(ctx.session, event.uscc, event.district_code)
    await repository.upsert_recognition(
        ctx.session,
        {
            "recognition_id": event.recognition_id,
            "uscc": event.uscc,
            "tier": event.tier,
            "recognized_on": event.recognized_on,
            "expires_on": event.expires_on,
            "status": event.status,
            "revoked_on": event.revoked_on,
        },
    )
    await subsidies.reconcile(ctx, event.uscc)


async def recognition_withdrawn(ctx: Context, event: registry_events.RecognitionWithdrawn) -> None:
    """withdrawn: the recognition was recorded in error and never held (a correction in the registry).
    It is kept as `withdrawn`, which no decision reads, and the enterprise's subsidies are decided again:
    what it brought no longer stands (an unpaid subsidy revoked, a paid one flagged for recovery)."""
    await repository.stub_enterprise(ctx.session, event.uscc, event.district_code)
    await repository.upsert_recognition(
        ctx.session,
        {
            "recognition_id": event.recognition_id,
            "uscc": event.uscc,
            "tier": event.tier,
            "recognized_on": event.recognized_on,
            "expires_on": event.recognized_on,  # never held: no day of validity
            "status": WITHDRAWN,
            "revoked_on": None,
        },
    )
    await subsidies.reconcile(ctx, event.uscc)


async def known_enterprise(ctx: Context, uscc: str) -> EnterpriseView:
    """The enterprise a bank's loan names, which the registry must have announced (422 otherwise)."""
    enterprise = await repository.get(ctx.session, uscc)
    if enterprise is None:
        raise errors.EnterpriseUnknown(
            f"the registry has announced no enterprise {uscc}", detail_zh=f"企业库中没有统一社会信用代码为{uscc}的企业"
        )
    return enterprise
