"""The public side of the 12345 enterprise desk as Open311 GeoReport v2 (read only, no key): the
categories as services, tickets as service requests. No personal data: neither the caller nor the
enterprise is named, the complaint's text is not shown; the description is the ticket's title with any
long digit run (a phone or an ID number) masked, and the status notes are made from the status alone.
A request is identified by its 12345 ticket number (`external_id`), the number the caller was given."""

from __future__ import annotations

from datetime import datetime, timedelta

from zjtx.common.clock import CHINA
from zjtx.common.dates import FIRST_DAY, LAST_DAY
from zjtx.common.kit.context import Context
from zjtx.hotline.categories import CATEGORIES, DESCRIPTIONS
from zjtx.hotline.errors import TicketNotFound
from zjtx.hotline.open311 import repository
from zjtx.hotline.open311.schemas import Open311Request, Open311Service
from zjtx.hotline.privacy import scrub_numbers
from zjtx.hotline.ticket.models import Ticket
from zjtx.hotline.ticket.repository import department_names
from zjtx.hotline.transition.rules import FINAL

DEFAULT_SPAN = timedelta(days=90)  # GeoReport v2: without dates, the last 90 days
MAX_REQUESTS = 1000  # GeoReport v2: at most 1000 requests per answer

NOTES = {
    "received": "已受理，待派单",
    "assigned": "已派单至{department}，待签收",
    "acknowledged": "{department}已签收，正在办理",
    "replied": "{department}已答复，待回访",
    "rated": "已回访",
    "reopened": "回访不满意，已重新交{department}办理",
    "closed": "已办结",
    "merged": "与工单{merged_into}合并办理",
    "withdrawn": "来电人已撤回",
}


class BadOpen311Request(ValueError):
    """A parameter the spec's clients sent wrong: answered as 400 in the spec's error format."""


def services() -> list[Open311Service]:
    return [
        Open311Service(
            service_code=code,
            service_name=name,
            description=DESCRIPTIONS[code],
            keywords=code.replace("_", ","),
            group="12345企业服务专席",
        )
        for code, name in CATEGORIES.items()
    ]


async def requests(
    ctx: Context,
    *,
    start_date: str | None,
    end_date: str | None,
    status: str | None,
    service_code: str | None,
    service_request_id: str | None,
) -> list[Open311Request]:
    end = _instant(end_date, "end_date") if end_date else ctx.clock.now()
    start = _instant(start_date, "start_date") if start_date else end - DEFAULT_SPAN
    if start > end:
        raise BadOpen311Request("start_date is after end_date")
    codes = _listed(service_code)
    unknown = sorted(set(codes or ()) - set(CATEGORIES))
    if unknown:
        raise BadOpen311Request(f"unknown service_code {', '.join(unknown)}")
    statuses = set(_listed(status) or ())
    if statuses - {"open", "closed"}:
        raise BadOpen311Request("status is open or closed")
    closed = None if len(statuses) != 1 else statuses == {"closed"}
    tickets = await repository.requests(
        ctx.session,
        start=start,
        end=end,
        codes=codes,
        closed=closed,
        ids=_listed(service_request_id),
        limit=MAX_REQUESTS,
    )
    return await _shown(ctx, tickets)


async def request(ctx: Context, service_request_id: str) -> list[Open311Request]:
    ticket = await repository.by_external_id(ctx.session, service_request_id)
    if ticket is None:
        raise TicketNotFound(f"no service request {service_request_id}", detail_zh=f"没有服务请求{service_request_id}")
    return await _shown(ctx, [ticket])


async def _shown(ctx: Context, tickets: list[Ticket]) -> list[Open311Request]:
    names = await department_names(ctx.session)
    expected = await repository.open_replies(ctx.session, [t.id for t in tickets])
    merged = await repository.external_ids(ctx.session, {t.merged_into for t in tickets if t.merged_into})
    return [_request(t, names, expected.get(t.id), merged) for t in tickets]


def _request(ticket: Ticket, names: dict[str, str], expected: datetime | None, merged: dict) -> Open311Request:
    department = names.get(ticket.department) if ticket.department else None
    notes = NOTES[ticket.status].format(
        department=department or "责任部门", merged_into=merged.get(ticket.merged_into, "")
    )
    return Open311Request(
        service_request_id=ticket.external_id,
        status="closed" if ticket.status in FINAL else "open",
        status_notes=notes,
        service_name=CATEGORIES.get(ticket.category, ticket.category),
        service_code=ticket.category,
        description=scrub_numbers(ticket.title),
        agency_responsible=department,
        requested_datetime=_w3c(ticket.received_at),
        updated_datetime=_w3c(ticket.updated_at),
        expected_datetime=_w3c(expected) if expected is not None and ticket.status not in FINAL else None,
    )


def _w3c(at: datetime) -> str:
    return at.astimezone(CHINA).isoformat(timespec="seconds")


def _instant(text: str, name: str) -> datetime:
    try:
        at = datetime.fromisoformat(text.strip().replace(" ", "+"))  # a '+' in a query string arrives as a space
    except ValueError:
        raise BadOpen311Request(f"{name} is not a W3C datetime (2025-09-01T00:00:00+08:00)") from None
    if not FIRST_DAY <= at.date() <= LAST_DAY:  # the platform's calendar: no span computed from it leaves it
        raise BadOpen311Request(f"{name} is outside {FIRST_DAY} to {LAST_DAY}")
    return at if at.tzinfo is not None else at.replace(tzinfo=CHINA)


def _listed(text: str | None) -> list[str] | None:
    if not text:
        return None
    return [part.strip() for part in text.split(",") if part.strip()] or None
