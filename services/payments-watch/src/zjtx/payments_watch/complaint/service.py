"""Arrears complaints from the 12345 desk (A14) as cases on the buyer, counted in its risk (A10.5).

A ticket of category `arrears` naming a buyer (or a contract, whose buyer it is) opens a case; one the
hotline merged into another or that was withdrawn does not count (A14.2 leaves those out as well).
The events may come in any order: a merge or withdrawal seen first still records the case, excluded."""

from __future__ import annotations

from zjtx.common.clock import CHINA
from zjtx.common.events import hotline as hotline_events
from zjtx.common.kit.context import Context
from zjtx.common.uscc import InvalidUSCC, normalise_uscc
from zjtx.common.web.audit import record_audit
from zjtx.payments_watch.buyer.service import get_buyer
from zjtx.payments_watch.complaint import repository
from zjtx.payments_watch.complaint.models import Complaint
from zjtx.payments_watch.contract import repository as contract_repository
from zjtx.payments_watch.risk import service as risk_service

ARREARS = "arrears"
# Why a ticket's case does not count, by the ticket's verb: in English and in Chinese.
EXCLUDING = {
    "merged": ("merged into another ticket", "已合并到其他工单"),
    "withdrawn": ("withdrawn by the caller", "来电人已撤回"),
}


async def ticket_event(ctx: Context, ticket: hotline_events.TicketEvent, *, verb: str) -> None:
    if ticket.category != ARREARS:
        return
    buyer_code = await _buyer_of(ctx, ticket)
    if buyer_code is None:
        return  # about no buyer this service knows of: nothing to open a case on
    reason, reason_zh = EXCLUDING.get(verb, (None, None))
    existing = await repository.get(ctx.session, ticket.ticket_id, for_update=True)
    if existing is None:
        values = {
            "ticket_id": ticket.ticket_id,
            "external_id": ticket.external_id,
            "buyer_code": buyer_code,
            "contract_no": ticket.contract_no,
            "seller_uscc": ticket.uscc,
            "enterprise_name": ticket.enterprise_name,
            "title": ticket.title[:500],
            "received_at": ticket.received_at,
            "received_on": ticket.received_at.astimezone(CHINA).date(),
            "excluded": reason is not None,
            "excluded_reason": reason,
            "excluded_reason_zh": reason_zh,
        }
        if not await repository.add(ctx.session, values):
            return
        await _audit(ctx, "complaint.open", ticket, None, {**values, "received_at": ticket.received_at.isoformat()})
    elif reason is not None and not existing.excluded:
        existing.excluded, existing.excluded_reason, existing.excluded_reason_zh = True, reason, reason_zh
        await ctx.session.flush()
        await _audit(ctx, "complaint.exclude", ticket, {"excluded": False}, {"excluded": True, "reason": reason})
    else:
        return
    await risk_service.refresh_buyer(ctx, buyer_code)


async def _buyer_of(ctx: Context, ticket: hotline_events.TicketEvent) -> str | None:
    if ticket.buyer_code:
        try:
            return normalise_uscc(ticket.buyer_code)
        except InvalidUSCC:
            return ticket.buyer_code.strip().upper()[:18]  # kept as given: the case is still the buyer's
    if ticket.contract_no:
        contract = await contract_repository.get_by_no(ctx.session, ticket.contract_no)
        if contract is not None:
            return contract.buyer_code
    return None


async def _audit(ctx: Context, action: str, ticket, before, after) -> None:
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action=action,
        entity_type="complaint",
        entity_id=str(ticket.ticket_id),
        before=before,
        after={k: (str(v) if not isinstance(v, (bool, int, str, type(None))) else v) for k, v in after.items()},
    )


async def complaints_of(ctx: Context, code: str, *, after, limit: int) -> list[Complaint]:
    buyer = await get_buyer(ctx, code)
    return list(await repository.of_buyer(ctx.session, buyer.code, after=after, limit=limit))
