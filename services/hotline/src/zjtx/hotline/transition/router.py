from __future__ import annotations

from zjtx.common.web.routing import Router, problems
from zjtx.hotline import errors
from zjtx.hotline.deps import HandleCaller, TicketIdPath
from zjtx.hotline.ticket.schemas import TicketRead
from zjtx.hotline.ticket.service import show
from zjtx.hotline.transition import service
from zjtx.hotline.transition.schemas import (
    CloseBody,
    ExtensionBody,
    MergeBody,
    RateBody,
    ReasonBody,
    ReassignBody,
    ReplyBody,
)

router = Router(prefix="/v1/tickets/{ticket_id}", tags=["tickets"])
# Every move: the ticket (another department's is 404 for a handler), its status (409 naming both states), and
# a handler client bound to no department.
MOVE = (errors.TicketNotFound, errors.InvalidTransition, errors.HandlerWithoutDepartment)


@router.post(
    "/acknowledge", response_model=TicketRead, summary="签收: the department takes it on", responses=problems(*MOVE)
)
async def acknowledge(ticket_id: TicketIdPath, caller: HandleCaller) -> TicketRead:
    """assigned or reopened → acknowledged (签收): the acknowledge deadline is met (A14.2's response rate counts
    it when within 1 working day of receipt). Audited, published (`hotline.ticket.acknowledged`), called back."""
    return await show(caller, await service.acknowledge(caller, ticket_id))


@router.post("/reply", response_model=TicketRead, summary="办结: the department's answer", responses=problems(*MOVE))
async def reply(ticket_id: TicketIdPath, body: ReplyBody, caller: HandleCaller) -> TicketRead:
    """acknowledged → replied (办结), with the answer and whether the matter is resolved (A14.2's resolution
    rate); the return visit's deadline starts (3 working days)."""
    return await show(caller, await service.reply(caller, ticket_id, text=body.text, resolved=body.resolved))


@router.post(
    "/rate",
    response_model=TicketRead,
    summary="The return visit's rating",
    responses=problems(*MOVE, errors.RatingBeforeReply, errors.VisitedAtInvalid),
)
async def rate(ticket_id: TicketIdPath, body: RateBody, caller: HandleCaller) -> TicketRead:
    """replied → rated, with the return visit's (回访) rating (A14.2's satisfaction rate: satisfied and basically
    satisfied over those rated). `unsatisfied` reopens the ticket once: back to its department, with new
    deadlines."""
    return await show(caller, await service.rate(caller, ticket_id, rating=body.rating, visited_at=body.visited_at))


@router.post(
    "/reassign",
    response_model=TicketRead,
    summary="Move it to another department",
    responses=problems(*MOVE, errors.SameDepartment, errors.DepartmentUnknown),
)
async def reassign(ticket_id: TicketIdPath, body: ReassignBody, caller: HandleCaller) -> TicketRead:
    """退回重派: before its reply, the ticket goes to another department with a reason; its deadlines start again
    for the new department."""
    ticket = await service.reassign(caller, ticket_id, department=body.department, reason=body.reason)
    return await show(caller, ticket)


@router.post(
    "/merge",
    response_model=TicketRead,
    summary="A duplicate of another ticket",
    responses=problems(*MOVE, errors.MergeInvalid),
)
async def merge(ticket_id: TicketIdPath, body: MergeBody, caller: HandleCaller) -> TicketRead:
    """合并: a duplicate ends, merged into the ticket kept; it is left out of the three rates (A14.2)."""
    return await show(caller, await service.merge(caller, ticket_id, into=body.into, reason=body.reason))


@router.post("/withdraw", response_model=TicketRead, summary="The caller withdrew it", responses=problems(*MOVE))
async def withdraw(ticket_id: TicketIdPath, body: ReasonBody, caller: HandleCaller) -> TicketRead:
    """撤回: before its reply, the caller withdrew it; it ends, left out of the three rates (A14.2)."""
    return await show(caller, await service.withdraw(caller, ticket_id, reason=body.reason))


@router.post(
    "/close",
    response_model=TicketRead,
    summary="Close a rated ticket",
    responses=problems(*MOVE, errors.NotAllowedForDepartment, errors.ReasonRequired),
)
async def close(ticket_id: TicketIdPath, caller: HandleCaller, body: CloseBody | None = None) -> TicketRead:
    """rated → closed. A replied ticket that could not be visited is closed by the 12345 centre (admin) with a
    reason."""
    return await show(caller, await service.close(caller, ticket_id, reason=body.reason if body else None))


@router.post(
    "/extensions",
    response_model=TicketRead,
    summary="Extend an arrears complaint's answer",
    responses=problems(*MOVE, errors.ExtensionNotAllowed, errors.ExtensionTooLong, errors.DeadlinePassed),
)
async def extend(ticket_id: TicketIdPath, body: ExtensionBody, caller: HandleCaller) -> TicketRead:
    """延期: the answer deadline of an arrears complaint (the payment regulation's 2025 text: 30 days) is extended
    by calendar days, with a reason, to at most 90 days from receipt; not once it has passed."""
    return await show(caller, await service.extend(caller, ticket_id, days=body.days, reason=body.reason))
