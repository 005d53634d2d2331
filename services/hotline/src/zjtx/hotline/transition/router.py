from __future__ import annotations

import uuid

from zjtx.common.web.routing import Router
from zjtx.hotline.deps import HandleCaller
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
CONFLICT = {409: {"description": "invalid_transition: the action is not allowed from the ticket's status"}}


@router.post("/acknowledge", response_model=TicketRead, summary="签收: the department takes it on", responses=CONFLICT)
async def acknowledge(ticket_id: uuid.UUID, caller: HandleCaller) -> TicketRead:
    return await show(caller, await service.acknowledge(caller, ticket_id))


@router.post("/reply", response_model=TicketRead, summary="办结: the department's answer", responses=CONFLICT)
async def reply(ticket_id: uuid.UUID, body: ReplyBody, caller: HandleCaller) -> TicketRead:
    return await show(caller, await service.reply(caller, ticket_id, text=body.text, resolved=body.resolved))


@router.post("/rate", response_model=TicketRead, summary="The return visit's rating", responses=CONFLICT)
async def rate(ticket_id: uuid.UUID, body: RateBody, caller: HandleCaller) -> TicketRead:
    return await show(caller, await service.rate(caller, ticket_id, rating=body.rating, visited_at=body.visited_at))


@router.post("/reassign", response_model=TicketRead, summary="Move it to another department", responses=CONFLICT)
async def reassign(ticket_id: uuid.UUID, body: ReassignBody, caller: HandleCaller) -> TicketRead:
    ticket = await service.reassign(caller, ticket_id, department=body.department, reason=body.reason)
    return await show(caller, ticket)


@router.post("/merge", response_model=TicketRead, summary="A duplicate of another ticket", responses=CONFLICT)
async def merge(ticket_id: uuid.UUID, body: MergeBody, caller: HandleCaller) -> TicketRead:
    return await show(caller, await service.merge(caller, ticket_id, into=body.into, reason=body.reason))


@router.post("/withdraw", response_model=TicketRead, summary="The caller withdrew it", responses=CONFLICT)
async def withdraw(ticket_id: uuid.UUID, body: ReasonBody, caller: HandleCaller) -> TicketRead:
    return await show(caller, await service.withdraw(caller, ticket_id, reason=body.reason))


@router.post("/close", response_model=TicketRead, summary="Close a rated ticket", responses=CONFLICT)
async def close(ticket_id: uuid.UUID, caller: HandleCaller, body: CloseBody | None = None) -> TicketRead:
    return await show(caller, await service.close(caller, ticket_id, reason=body.reason if body else None))


@router.post(
    "/extensions", response_model=TicketRead, summary="Extend an arrears complaint's answer", responses=CONFLICT
)
async def extend(ticket_id: uuid.UUID, body: ExtensionBody, caller: HandleCaller) -> TicketRead:
    return await show(caller, await service.extend(caller, ticket_id, days=body.days, reason=body.reason))
