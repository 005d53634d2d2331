"""A subsidy moved and told: the workflow's move applied (zjtx.common.workflow), audited and published,
and the enterprise's lock that every decision on its subsidies holds first."""

from __future__ import annotations

from typing import Any

from zjtx.common import workflow
from zjtx.common.db import lock_for
from zjtx.common.events import finance as events
from zjtx.common.kit.context import Context
from zjtx.common.messaging import add_event
from zjtx.common.money import fen_to_yuan, format_fen
from zjtx.common.web.audit import record_audit
from zjtx.finance_subsidy import SERVICE_NAME, locks
from zjtx.finance_subsidy.subsidy.models import Subsidy

WHAT = "subsidy"  # how the workflow's messages name it


async def lock_enterprise(ctx: Context, uscc: str) -> None:
    """Everything that reads what an enterprise already has (its yearly cap used) holds this first."""
    await lock_for(ctx.session, *locks.ENTERPRISE, uscc)


async def move(ctx: Context, subsidy: Subsidy, move: workflow.Move) -> Subsidy:
    before = audit_view(subsidy)
    move.apply(subsidy)
    await ctx.session.flush()
    await ctx.session.refresh(subsidy, attribute_names=["updated_at"])  # set by the database on update
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action=f"subsidy.{move.status}",
        entity_type="subsidy",
        entity_id=str(subsidy.id),
        before=before,
        after={**audit_view(subsidy), "note": move.note},
    )
    await publish(ctx, subsidy, move.status)
    return subsidy


async def publish(ctx: Context, subsidy: Subsidy, verb: str) -> None:
    payload = events.SubsidyEvent(
        subsidy_id=subsidy.id,
        uscc=subsidy.uscc,
        bank_code=subsidy.bank_code,
        loan_id=subsidy.loan_id,
        rule=subsidy.rule,
        amount=fen_to_yuan(subsidy.amount_fen),
        status=subsidy.status,
        period_start=subsidy.period_start,
        period_end=subsidy.period_end,
        district_code=subsidy.district_code,
        funding=[events.FundingShare(funder=f.funder, amount=fen_to_yuan(f.amount_fen)) for f in subsidy.funding],
        reason=subsidy.closed_reason,
        reason_zh=subsidy.closed_reason_zh,
        payment_reference=subsidy.payment_reference,
        paid_on=subsidy.paid_on,
        supersedes=subsidy.supersedes_id,
        recovery_due=fen_to_yuan(subsidy.recovery_due_fen) if subsidy.status == "disbursed" else None,
        recovery_reason=subsidy.recovery_reason,
        recovery_reason_zh=subsidy.recovery_reason_zh,
    )
    await add_event(
        ctx.session,
        events.SUBSIDY_EVENTS[verb],
        key=subsidy.uscc,
        payload=payload,
        producer=SERVICE_NAME,
        occurred_at=ctx.clock.now(),
    )


def audit_view(subsidy: Subsidy) -> dict[str, Any]:
    return {
        "rule": subsidy.rule,
        "uscc": subsidy.uscc,
        "loan": f"{subsidy.bank_code}/{subsidy.loan_id}",
        "period": f"{subsidy.period_start.isoformat()}..{subsidy.period_end.isoformat()}",
        "amount": format_fen(subsidy.amount_fen),
        "status": subsidy.status,
        "reviewed_by": subsidy.reviewed_by,
        "approved_by": subsidy.approved_by,
        "payment_reference": subsidy.payment_reference,
        "paid_on": subsidy.paid_on.isoformat() if subsidy.paid_on else None,
        "recovery_due": format_fen(subsidy.recovery_due_fen),
    }
