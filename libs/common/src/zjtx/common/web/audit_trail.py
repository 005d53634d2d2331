"""Reading the audit trail (issue 12, item 3): who changed what, when, from what to what, as every service
records it (zjtx.common.web.audit), for the people who check the record (scope `audit:read`)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import select, tuple_

from zjtx.common.clock import CHINA
from zjtx.common.web import paging
from zjtx.common.web.audit import AuditRecord
from zjtx.common.web.auth import Client, require
from zjtx.common.web.deps import SessionDep
from zjtx.common.web.errors import Unprocessable
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Day, Limit, Router, problems

router = Router(prefix="/v1/audit", tags=["audit"])
Auditor = Annotated[Client, Depends(require("audit:read"))]
# Printable text: what the service writes as entity types, ids and actors (never a control character).
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"


class InvalidWindow(Unprocessable):
    code, title = "window_invalid", "The date window is not valid: `to` is before `from`"


class AuditRead(BaseModel):
    id: uuid.UUID = Field(description="the audit record's id")
    at: datetime = Field(description="when the change was recorded")
    actor: str = Field(description="the client that made it (`event:<service>` for an event applied)")
    action: str = Field(description="what was done: `<entity>.<verb>`, e.g. `award.approved`, `recognition.revoke`")
    entity: str = Field(description="the kind of record changed: `award`, `claim`, `recognition`, …")
    entity_id: str = Field(description="the changed record's id (or code)")
    before: dict[str, Any] | None = Field(description="the record before the change; null for a new one")
    after: dict[str, Any] | None = Field(description="the record after the change (a note or reason included)")
    request_id: str | None = Field(description="the request that made it, as its answer's X-Request-ID said")


EntityFilter = Annotated[
    str | None,
    Query(
        max_length=100,
        pattern=r"^[a-z][a-z0-9_]*$",
        description="only records of this kind: `award`, `claim`, `recognition`, `enterprise`, `subsidy`, `ticket`, …",
    ),
]
EntityIdFilter = Annotated[
    str | None,
    Query(alias="id", max_length=100, pattern=PRINTABLE, description="only the records of the record with this id"),
]
ActorFilter = Annotated[
    str | None, Query(max_length=100, pattern=PRINTABLE, description="only the changes this client made")
]
FromDay = Annotated[
    Day | None, Query(alias="from", description="recorded on or after this day (Asia/Shanghai), YYYY-MM-DD")
]
ToDay = Annotated[
    Day | None, Query(alias="to", description="recorded on or before this day (Asia/Shanghai), YYYY-MM-DD")
]


@router.get(
    "",
    response_model=Page[AuditRead],
    summary="The audit trail: who changed what, when, before and after",
    responses=problems(InvalidCursor, InvalidWindow),
)
async def list_audit_records(
    session: SessionDep,
    _: Auditor,
    entity: EntityFilter = None,
    entity_id: EntityIdFilter = None,
    actor: ActorFilter = None,
    from_: FromDay = None,
    to: ToDay = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[AuditRead]:
    """Every state change this service recorded, oldest first, filtered by the kind of record, its id, the
    client that made it and the days it was recorded (Asia/Shanghai, both ends included; `to` before `from`
    is 422 `window_invalid`). Contact details are kept masked in the trail itself."""
    if from_ is not None and to is not None and to < from_:
        raise InvalidWindow(f"to {to} is before from {from_}")
    query = select(AuditRecord)
    for column, value in (
        (AuditRecord.entity_type, entity),
        (AuditRecord.entity_id, entity_id),
        (AuditRecord.actor, actor),
    ):
        if value is not None:
            query = query.where(column == value)
    if from_ is not None:
        query = query.where(AuditRecord.at >= _start_of(from_))
    if to is not None:
        query = query.where(AuditRecord.at < _start_of(to + timedelta(days=1)))
    # Ordered as written: records of one transaction share `at`, and seq numbers them in order. A cursor
    # of the old (at, id) order is refused as cursor_invalid (its id is not a seq).
    after = paging.after(cursor, paging.instant, paging.seq)
    if after is not None:
        query = query.where(tuple_(AuditRecord.at, AuditRecord.seq) > tuple_(*after))
    rows = list(await session.scalars(query.order_by(AuditRecord.at, AuditRecord.seq).limit(limit)))
    return Page(
        items=[_read(row) for row in rows],
        next_cursor=paging.next_cursor(rows, limit, lambda row: (row.at, row.seq)),
    )


def _read(row: AuditRecord) -> AuditRead:
    return AuditRead(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        entity=row.entity_type,
        entity_id=row.entity_id,
        before=row.before,
        after=row.after,
        request_id=row.request_id,
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=CHINA)
