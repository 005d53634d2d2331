"""The registry's consumer: what other services publish about an enterprise joins its history (one
enterprise file): awards, interest subsidies, 助保贷 flags and compensations, overdue payables owed to
it, its 12345 tickets."""

from __future__ import annotations

from typing import Any

from zjtx.common.events import Event
from zjtx.common.events import awards as award_events
from zjtx.common.events import finance as finance_events
from zjtx.common.events import hotline as hotline_events
from zjtx.common.events import payments as payment_events
from zjtx.common.kit.context import Context, ContextHandler
from zjtx.registry import errors
from zjtx.registry.enterprise import repository
from zjtx.registry.history.service import record_history
from zjtx.registry.history.wording import verb_zh


async def award_event(ctx: Context, event: Event[award_events.AwardEvent]) -> None:
    award = event.payload
    if award.uscc is None:  # a park's plaque (A1.park): not an enterprise's history
        return
    verb = event.contract.verb
    why, why_zh = _said(award.reason, award.reason_zh)
    recovery, recovery_zh = _said(award.recovery_reason, award.recovery_reason_zh, "recovery: ", "追回原因：")
    await _record(
        ctx,
        event,
        award.uscc,
        f"award {award.rule} {verb}: {award.amount:.2f} yuan{why}{recovery}",
        f"奖励{award.rule}{verb_zh(verb)}：{award.amount:.2f}元{why_zh}{recovery_zh}",
    )


async def claim_event(ctx: Context, event: Event[award_events.ClaimEvent]) -> None:
    claim = event.payload
    outcome = "accepted" if claim.status == "accepted" else f"rejected ({claim.reason_code}: {claim.reason})"
    # The reason in Chinese where the awards service gave one (`reason_zh`), else as sent: a reviewer's
    # typed reason, or a claim decided before the Chinese was sent; its code by its Chinese name likewise.
    reason_zh = claim.reason_zh or claim.reason
    code_zh = claim.reason_code_name or claim.reason_code
    outcome_zh = "已受理" if claim.status == "accepted" else f"未通过（{code_zh}：{reason_zh}）"
    verb = event.contract.verb
    await _record(
        ctx,
        event,
        claim.uscc,
        f"claim {claim.rule} {verb}: {outcome}",
        f"申请{claim.rule}{verb_zh(verb)}：{outcome_zh}",
    )


async def subsidy_event(ctx: Context, event: Event[finance_events.SubsidyEvent]) -> None:
    subsidy = event.payload
    why, why_zh = _said(subsidy.reason, subsidy.reason_zh)
    recovery, recovery_zh = _said(subsidy.recovery_reason, subsidy.recovery_reason_zh, "recovery: ", "追回原因：")
    await _record(
        ctx,
        event,
        subsidy.uscc,
        f"interest subsidy {subsidy.rule} {event.contract.verb} on loan {subsidy.bank_code}/{subsidy.loan_id} "
        f"({subsidy.period_start} to {subsidy.period_end}): {subsidy.amount:.2f} yuan{why}{recovery}",
        f"贷款{subsidy.bank_code}/{subsidy.loan_id}贴息{subsidy.rule}{verb_zh(event.contract.verb)}"
        f"（{subsidy.period_start}至{subsidy.period_end}）：{subsidy.amount:.2f}元{why_zh}{recovery_zh}",
    )


async def rate_violation(ctx: Context, event: Event[finance_events.RateViolationFlagged]) -> None:
    flagged = event.payload
    await _record(
        ctx,
        event,
        flagged.uscc,
        f"助保贷 loan {flagged.bank_code}/{flagged.loan_id} at {flagged.annual_rate}% is above the ceiling "
        f"{flagged.ceiling}% (A5.2)",
        f"助保贷贷款{flagged.bank_code}/{flagged.loan_id}利率{flagged.annual_rate}%高于上限{flagged.ceiling}%（A5.2）",
    )


async def compensation_event(ctx: Context, event: Event[finance_events.CompensationEvent]) -> None:
    paid = event.payload
    state = "paid" if paid.status == "paid" else "awaiting funds"
    state_zh = "已支付" if paid.status == "paid" else "待资金到位"
    await _record(
        ctx,
        event,
        paid.uscc,
        f"risk compensation on loan {paid.bank_code}/{paid.loan_id}: {paid.amount:.2f} yuan {state}",
        f"贷款{paid.bank_code}/{paid.loan_id}风险补偿：{paid.amount:.2f}元{state_zh}",
    )


async def recovery_event(ctx: Context, event: Event[finance_events.RecoveryReturned]) -> None:
    recovery = event.payload
    await _record(
        ctx,
        event,
        recovery.uscc,
        f"recovered {recovery.recovered:.2f} yuan on loan {recovery.bank_code}/{recovery.loan_id}; "
        f"{recovery.returned:.2f} back to the risk pool",
        f"贷款{recovery.bank_code}/{recovery.loan_id}追回{recovery.recovered:.2f}元；"
        f"{recovery.returned:.2f}元返还风险池",
    )


async def payable_overdue(ctx: Context, event: Event[payment_events.PayableOverdue]) -> None:
    payable = event.payload
    await _record(
        ctx,
        event,
        payable.seller_uscc,
        f"{payable.buyer_code} owes {payable.outstanding:.2f} yuan on contract {payable.contract_no}, "
        f"due {payable.due_on}: overdue",
        f"{payable.buyer_code}在合同{payable.contract_no}项下欠款{payable.outstanding:.2f}元，"
        f"应付日{payable.due_on}：已逾期",
    )


async def payable_paid(ctx: Context, event: Event[payment_events.PayablePaid]) -> None:
    paid = event.payload
    late = f", {paid.days_late} days late" if paid.days_late else ""
    late_zh = f"，逾期{paid.days_late}日" if paid.days_late else ""
    await _record(
        ctx,
        event,
        paid.seller_uscc,
        f"{paid.buyer_code} paid {paid.amount_paid:.2f} yuan on contract {paid.contract_no}{late}",
        f"{paid.buyer_code}在合同{paid.contract_no}项下支付{paid.amount_paid:.2f}元{late_zh}",
    )


async def ticket_event(ctx: Context, event: Event[hotline_events.TicketEvent]) -> None:
    ticket = event.payload
    # A caller need not be registered: a ticket about an enterprise the registry does not know is not
    # an error, it just has no file here.
    if ticket.uscc is None or not await repository.uscc_exists(ctx.session, ticket.uscc):
        return
    await record_history(
        ctx.session,
        envelope=event.envelope,
        uscc=ticket.uscc,
        summary=f"12345 ticket {ticket.external_id} ({ticket.category}) {event.contract.verb}: {ticket.title}",
        # The category by its Chinese name where the hotline sends it (not on events of before it did).
        summary_zh=f"12345工单{ticket.external_id}（{ticket.category_name or ticket.category}）"
        f"{verb_zh(event.contract.verb)}：{ticket.title}",
        actor=acted_by(event),
    )


def _said(reason: str | None, reason_zh: str | None, label: str = "", label_zh: str = "") -> tuple[str, str]:
    """A reason's tail for a history line, in English and in Chinese: the Chinese where the producer gave it,
    else as sent (a reason a person typed, or an event of before the Chinese was sent); none without one."""
    if not reason:
        return "", ""
    return f"; {label}{reason}", f"；{label_zh}{reason_zh or reason}"


async def _record(ctx: Context, event: Event[Any], uscc: str, summary: str, summary_zh: str) -> None:
    # An event about an enterprise the registry does not know cannot be placed: fail, so that it is
    # retried and then dead-lettered for re-drive once the enterprise is registered.
    if not await repository.uscc_exists(ctx.session, uscc):
        raise errors.EnterpriseNotFound(
            f"history event {event.envelope.event_id} names unknown enterprise {uscc}",
            detail_zh=f"历史事件{event.envelope.event_id}所指企业{uscc}未登记",
        )
    await record_history(
        ctx.session, envelope=event.envelope, uscc=uscc, summary=summary, summary_zh=summary_zh, actor=acted_by(event)
    )


def acted_by(event: Event[Any]) -> str:
    """Who acted, as the history shows it: the API client whose request wrote the event (an approver, the
    data platform, a bank, the 12345 system), else the service that acted on its own (a decision its
    consumer made, a job); an event written before envelopes carried the client names its producer too."""
    return event.envelope.actor or event.envelope.producer


HANDLERS: dict[Any, ContextHandler] = {
    **{contract: award_event for contract in award_events.AWARD_EVENTS.values()},
    **{contract: claim_event for contract in award_events.CLAIM_EVENTS.values()},
    **{contract: subsidy_event for contract in finance_events.SUBSIDY_EVENTS.values()},
    finance_events.RATE_VIOLATION_FLAGGED: rate_violation,
    finance_events.COMPENSATION_PAID: compensation_event,
    finance_events.COMPENSATION_AWAITING_FUNDS: compensation_event,
    finance_events.RECOVERY_RETURNED: recovery_event,
    payment_events.PAYABLE_BECAME_OVERDUE: payable_overdue,
    payment_events.PAYABLE_PAID: payable_paid,
    **{contract: ticket_event for contract in hotline_events.TICKET_EVENTS.values()},
}
