"""The life of a ticket (A14.1, A14.2): acknowledge, reply, rate, reassign, merge, withdraw, close,
extend. Each locks the ticket, checks the move (transition.rules), changes the ticket and its
deadlines, and records the change (timeline, event, audit, the rates) in the request's transaction.
Done by the department holding the ticket, or by the 12345 centre (admin)."""

from __future__ import annotations

import uuid
from datetime import datetime

from zjtx.common.kit.context import Context
from zjtx.hotline.access import Caller
from zjtx.hotline.deadline import repository as deadlines
from zjtx.hotline.deadline.models import TicketDeadline
from zjtx.hotline.deadline.rules import (
    ACKNOWLEDGE,
    ARREARS_ANSWER,
    REPLY,
    RETURN_VISIT,
    arrears_terms,
    compute,
    reassigned_deadline,
    reopened_deadlines,
    return_visit_deadline,
)
from zjtx.hotline.errors import (
    DeadlinePassed,
    DepartmentUnknown,
    ExtensionNotAllowed,
    ExtensionTooLong,
    MergeInvalid,
    NotAllowedForDepartment,
    ReasonRequired,
    SameDepartment,
    VisitedAtInvalid,
)
from zjtx.hotline.intake.service import CLOCK_SKEW
from zjtx.hotline.ticket import repository
from zjtx.hotline.ticket.models import Ticket
from zjtx.hotline.ticket.service import CALENDAR, Recorder, visible_ticket
from zjtx.hotline.transition.rules import (
    MERGED,
    REOPENED,
    REPLIED,
    STATUS_NAMES_ZH,
    WITHDRAWN,
    check_move,
    reopens,
)


async def acknowledge(caller: Caller, ticket_id: uuid.UUID) -> Ticket:
    """签收: the department takes the ticket on. The first acknowledgement is what the response rate reads."""
    ticket, now = await _locked(caller, ticket_id), caller.ctx.clock.now()
    recorder = Recorder(caller.ctx, ticket)
    ticket.status = check_move("acknowledge", ticket.status)
    if ticket.first_acknowledged_at is None:
        ticket.first_acknowledged_at = now
    await _end(caller.ctx, ticket, now, "met", kinds=(ACKNOWLEDGE,))
    recorder.record("acknowledged")
    await recorder.write()
    return ticket


async def reply(caller: Caller, ticket_id: uuid.UUID, *, text: str, resolved: bool) -> Ticket:
    """办结: the department's answer; the return visit is due within its term from today."""
    ctx = caller.ctx
    ticket, now = await _locked(caller, ticket_id), ctx.clock.now()
    recorder = Recorder(ctx, ticket)
    ticket.status = check_move("reply", ticket.status)
    ticket.last_replied_at, ticket.last_reply_text, ticket.last_reply_resolved = now, text, resolved
    ticket.replied_department = ticket.department
    await _end(caller.ctx, ticket, now, "met", kinds=(REPLY,))
    recorder.open_deadlines(
        [return_visit_deadline(ctx.parameters, CALENDAR, replied_at=now)], cycle=ticket.reopen_count, opened_at=now
    )
    recorder.record("replied", details={"text": text, "resolved": resolved})
    await recorder.write()
    return ticket


async def rate(caller: Caller, ticket_id: uuid.UUID, *, rating: str, visited_at: datetime) -> Ticket:
    """The return visit's rating. `unsatisfied` sends the ticket back to its department (once)."""
    ctx = caller.ctx
    ticket, now = await _locked(caller, ticket_id), ctx.clock.now()
    recorder = Recorder(ctx, ticket)
    ticket.status = check_move("rate", ticket.status)
    before_reply = ticket.last_replied_at is not None and visited_at < ticket.last_replied_at
    if before_reply or visited_at > now + CLOCK_SKEW:
        raise VisitedAtInvalid(
            f"visited_at {visited_at.isoformat()} is not between the reply ({ticket.last_replied_at}) and now",
            detail_zh=f"回访时间{visited_at.isoformat()}不在答复时间（{ticket.last_replied_at}）与当前时间之间",
        )
    ticket.last_rating, ticket.last_visited_at = rating, visited_at
    await _end(caller.ctx, ticket, now, "met", kinds=(RETURN_VISIT,))
    recorder.record("rated", details={"rating": rating, "visited_at": visited_at.isoformat()})
    times = int(ctx.parameters.in_force("reopen_on_unsatisfied", ctx.today()).body["times"])
    if reopens(rating, reopened_before=ticket.reopen_count, times=times):
        ticket.status, ticket.reopen_count = REOPENED, ticket.reopen_count + 1
        recorder.open_deadlines(
            reopened_deadlines(ctx.parameters, CALENDAR, at=now), cycle=ticket.reopen_count, opened_at=now
        )
        recorder.record("reopened", reason="the return visit was unsatisfied", reason_zh="回访评价为不满意")
    await recorder.write()
    return ticket


async def reassign(caller: Caller, ticket_id: uuid.UUID, *, department: str, reason: str) -> Ticket:
    """Move the ticket to another department, which signs for it within the acknowledge term from today;
    the reply deadline keeps counting from receipt (the enterprise's wait does not start again)."""
    ctx = caller.ctx
    ticket, now = await _locked(caller, ticket_id), ctx.clock.now()
    recorder = Recorder(ctx, ticket)
    target = check_move("reassign", ticket.status)
    if department == ticket.department:
        raise SameDepartment(f"the ticket is with {department} already", detail_zh=f"工单已在{department}")
    if not await repository.department_exists(ctx.session, department):
        raise DepartmentUnknown(f"no department {department}", detail_zh=f"没有部门{department}")
    previous, ticket.department, ticket.status = ticket.department, department, target
    await _end(caller.ctx, ticket, now, "reassigned", kinds=(ACKNOWLEDGE,))
    recorder.open_deadlines(
        [reassigned_deadline(ctx.parameters, CALENDAR, at=now)], cycle=ticket.reopen_count, opened_at=now
    )
    recorder.record("assigned", reason=reason, previous_department=previous)
    await recorder.write()
    return ticket


async def merge(caller: Caller, ticket_id: uuid.UUID, *, into: uuid.UUID, reason: str | None) -> Ticket:
    """A duplicate ends pointing at the ticket kept; it leaves the rates."""
    ctx = caller.ctx
    if into == ticket_id:
        raise MergeInvalid("a ticket cannot be merged into itself", detail_zh="工单不能合并到其自身")
    await visible_ticket(caller, ticket_id)  # 404 before anything is locked
    locked = await repository.lock_both(ctx.session, ticket_id, into)
    ticket, kept, now = locked[ticket_id], locked.get(into), ctx.clock.now()
    if kept is None or not caller.sees(kept.department):
        raise MergeInvalid(f"no ticket {into} to merge into", detail_zh=f"没有可合并到的工单{into}")
    if kept.status in (MERGED, WITHDRAWN):
        raise MergeInvalid(
            f"ticket {into} is {kept.status}: merge into the ticket that is kept",
            detail_zh=f"工单{into}状态为{STATUS_NAMES_ZH.get(kept.status, kept.status)}：请合并到保留的工单",
        )
    recorder = Recorder(ctx, ticket)
    ticket.status = check_move("merge", ticket.status)
    ticket.merged_into, ticket.ended_at = kept.id, now
    # A reason given is a person's words, kept as typed; the one the service writes is kept in Chinese too.
    ticket.end_reason = reason or f"a duplicate of {kept.external_id}"
    ticket.end_reason_zh = None if reason else f"与工单{kept.external_id}重复"
    await _end(caller.ctx, ticket, now, "cancelled")
    recorder.record("merged", reason=ticket.end_reason, reason_zh=ticket.end_reason_zh)
    await recorder.write()
    return ticket


async def withdraw(caller: Caller, ticket_id: uuid.UUID, *, reason: str) -> Ticket:
    ticket, now = await _locked(caller, ticket_id), caller.ctx.clock.now()
    recorder = Recorder(caller.ctx, ticket)
    ticket.status = check_move("withdraw", ticket.status)
    ticket.end_reason, ticket.ended_at = reason, now
    await _end(caller.ctx, ticket, now, "cancelled")
    recorder.record("withdrawn", reason=reason)
    await recorder.write()
    return ticket


async def close(caller: Caller, ticket_id: uuid.UUID, *, reason: str | None) -> Ticket:
    """Closed after its rating; a replied ticket whose caller could not be visited is closed by the 12345
    centre (admin) with the reason, never by the department being rated."""
    ticket, now = await _locked(caller, ticket_id), caller.ctx.clock.now()
    recorder = Recorder(caller.ctx, ticket)
    was = ticket.status
    ticket.status = check_move("close", was)
    if was == REPLIED:
        if not caller.admin:
            raise NotAllowedForDepartment(
                "a replied ticket without a return visit is closed by the 12345 centre",
                detail_zh="已办结但未回访的工单由12345中心关闭",
            )
        if not reason:
            raise ReasonRequired(
                "say why the ticket is closed without a return visit", detail_zh="请说明未经回访关闭工单的原因"
            )
    ticket.end_reason, ticket.ended_at = reason, now
    await _end(caller.ctx, ticket, now, "cancelled")
    recorder.record("closed", reason=reason)
    await recorder.write()
    return ticket


async def extend(caller: Caller, ticket_id: uuid.UUID, *, days: int, reason: str) -> Ticket:
    """An arrears complaint's answer deadline extended, with the reason, up to the regulation's longest term
    (2025 text: 90 days from receipt), before it has passed."""
    ctx = caller.ctx
    ticket, now = await _locked(caller, ticket_id), ctx.clock.now()
    recorder = Recorder(ctx, ticket)
    check_move("extend", ticket.status)
    terms = arrears_terms(ctx.parameters, ticket.received_on) if ticket.category == "arrears" else None
    if terms is None or ticket.reopen_count:
        raise ExtensionNotAllowed(
            "only the answer deadline of an arrears complaint received under the payment regulation's 2025 text "
            "(from 2025-06-01), before any reopening, can be extended",
            detail_zh="只有按《保障中小企业款项支付条例》2025年文本（2025-06-01起）受理、且未重办的拖欠账款投诉，"
            "其答复期限可以延长",
        )
    open_replies = [d for d in await deadlines.open_of(ctx.session, ticket.id) if d.kind == REPLY]
    if not open_replies:
        raise ExtensionNotAllowed("the ticket has no answer deadline running", detail_zh="该工单没有正在计算的答复期限")
    current = open_replies[-1]
    if current.due_at is not None and current.due_at < now:
        raise DeadlinePassed(
            f"the answer deadline ended at {current.due_at.isoformat()}",
            detail_zh=f"答复期限已于{current.due_at.isoformat()}届满",
        )
    room = terms.max_answer_days - terms.answer_days - ticket.extension_days
    if days > room:
        raise ExtensionTooLong(
            f"{terms.answer_days} days and {ticket.extension_days} extended so far: at most {room} more "
            f"(the longest term is {terms.max_answer_days} days)",
            detail_zh=f"期限{terms.answer_days}日，已延长{ticket.extension_days}日：至多还能延长{room}日"
            f"（最长{terms.max_answer_days}日）",
        )
    ticket.extension_days += days
    new = compute(
        ctx.parameters,
        CALENDAR,
        kind=REPLY,
        term=ARREARS_ANSWER,
        starts_on=ticket.received_on,
        extension_days=ticket.extension_days,
    )
    _finish(current, now, "extended")
    recorder.open_deadlines([new], cycle=ticket.reopen_count, opened_at=now)
    recorder.record("extended", reason=reason, deadline=REPLY, due_at=new.due_at, details={"days": days})
    await recorder.write()
    return ticket


async def _locked(caller: Caller, ticket_id: uuid.UUID) -> Ticket:
    return await visible_ticket(caller, ticket_id, for_update=True)


async def _end(
    ctx: Context, ticket: Ticket, now: datetime, reason: str, *, kinds: tuple[str, ...] | None = None
) -> None:
    """The ticket's open deadlines (of `kinds`) end, with the reason: met, reassigned, cancelled."""
    for deadline in await deadlines.open_of(ctx.session, ticket.id):
        if kinds is None or deadline.kind in kinds:
            _finish(deadline, now, reason)


def _finish(deadline: TicketDeadline, now: datetime, reason: str) -> None:
    deadline.ended_at, deadline.end_reason = now, reason
