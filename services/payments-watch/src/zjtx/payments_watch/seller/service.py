"""The registry's enterprises as sellers: their current description and the history of their size
classes. A size record for an earlier date, arriving late, is applied as if it had come in order: the
contracts of that seller whose size at signing it changes are read again (RULES: "Order does not matter")."""

from __future__ import annotations

import uuid
from datetime import datetime

from zjtx.common.clock import CHINA
from zjtx.common.events import registry as ev
from zjtx.common.kit.context import Context
from zjtx.payments_watch.contract import recompute
from zjtx.payments_watch.seller import repository


async def enterprise_described(
    ctx: Context,
    snapshot: ev.EnterpriseSnapshot | ev.EnterpriseFactsSnapshot,
    *,
    event_id: uuid.UUID,
    occurred_at: datetime,
) -> None:
    """registered / updated: the seller, and its size from the event's `effective_on`, or else from the
    day it occurred (Asia/Shanghai)."""
    effective_on = snapshot.effective_on or occurred_at.astimezone(CHINA).date()
    await repository.upsert_seller(
        ctx.session,
        {
            "uscc": snapshot.uscc,
            "name": snapshot.name,
            "district_code": snapshot.district_code,
            "registered_on": snapshot.registered_on,
            "size_class": snapshot.size_class,
            "is_sme": snapshot.is_sme,
            "last_event_at": occurred_at,
        },
    )
    added = await repository.add_size(
        ctx.session,
        {
            "event_id": event_id,
            "uscc": snapshot.uscc,
            "effective_on": effective_on,
            "occurred_at": occurred_at,
            "size_class": snapshot.size_class,
            "is_sme": snapshot.is_sme,
        },
    )
    if added:
        await recompute.review_seller_contracts(ctx, snapshot.uscc)
