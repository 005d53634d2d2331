"""Supervision (督办, A14.2): the hourly job marks every open deadline that has passed and publishes
`hotline.ticket.supervised` once per deadline; safe in several replicas at once (the rows are taken with
SKIP LOCKED and marked in the same transaction). It first computes the deadlines that were waiting for a
year's public holidays, once the calendar has them. It runs in batches of a transaction each: after a
day of outage thousands of deadlines pass at once, and one transaction over all of them held their
tickets' locks for minutes against the consumer and the requests (seen in the soak test)."""

from __future__ import annotations

from collections import defaultdict

from zjtx.common.clock import CHINA
from zjtx.common.kit.context import Context
from zjtx.hotline.deadline import repository
from zjtx.hotline.deadline.models import TicketDeadline
from zjtx.hotline.deadline.rules import ARREARS_ANSWER, CALENDAR_NOT_KNOWN, KIND_NAMES_ZH, compute, response_deadline
from zjtx.hotline.ticket.models import Ticket
from zjtx.hotline.ticket.service import CALENDAR, Recorder

BATCH = 500


async def supervise_deadlines(ctx: Context) -> int:
    """One batch of the job (it runs `in_batches`: the kit calls it again, a transaction a batch, until
    a batch changes nothing): up to BATCH deadlines computed now that their calendar is known, and up to
    BATCH passed deadlines supervised; how many of both."""
    computed = await compute_waiting(ctx)
    passed = await repository.passed(ctx.session, ctx.clock.now(), limit=BATCH)
    by_ticket: dict[Ticket, list[TicketDeadline]] = defaultdict(list)
    for deadline, ticket in passed:
        by_ticket[ticket].append(deadline)
    for ticket, due in by_ticket.items():
        await _supervise(ctx, ticket, due)
    return computed + len(passed)


async def _supervise(ctx: Context, ticket: Ticket, due: list[TicketDeadline]) -> None:
    now = ctx.clock.now()
    recorder = Recorder(ctx, ticket)
    for deadline in sorted(due, key=lambda d: d.due_at):
        deadline.supervised_at = now
        ticket.supervision_count += 1
        recorder.record(
            "supervised",
            deadline=deadline.kind,
            due_at=deadline.due_at,
            reason=f"the {deadline.kind.replace('_', ' ')} deadline ended at {deadline.due_at.isoformat()}",
            reason_zh=f"{KIND_NAMES_ZH.get(deadline.kind, deadline.kind)}期限已于"
            f"{deadline.due_at.astimezone(CHINA):%Y-%m-%d %H:%M}（北京时间）届满",
        )
    await recorder.write()


async def compute_waiting(ctx: Context) -> int:
    """Deadlines left unknown for want of a year's public holidays, computed if the calendar now has it."""
    computed = 0
    waiting = await repository.waiting_for_calendar(ctx.session, reason=CALENDAR_NOT_KNOWN, limit=BATCH)
    for deadline, ticket in waiting:
        recorder = Recorder(ctx, ticket)  # the response deadline may be computable now too: the rates move
        if ticket.response_due_at is None:
            ticket.response_due_at = response_deadline(ctx.parameters, CALENDAR, received_at=ticket.received_at).due_at
        again = compute(
            ctx.parameters,
            CALENDAR,
            kind=deadline.kind,
            term=deadline.term,
            starts_on=deadline.starts_on,
            extension_days=ticket.extension_days if deadline.term == ARREARS_ANSWER else 0,
        )
        if again.due_at is not None:
            deadline.due_at, deadline.unknown_reason, deadline.explanation = again.due_at, None, again.explanation
            computed += 1
        await recorder.write()
    return computed
