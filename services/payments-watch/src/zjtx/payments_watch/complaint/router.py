from __future__ import annotations

import uuid
from datetime import datetime

from zjtx.common.web.paging import InvalidCursor, Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.common.web.routing import Router
from zjtx.payments_watch.complaint import service
from zjtx.payments_watch.complaint.schemas import ComplaintRead
from zjtx.payments_watch.deps import ReadContext

router = Router(prefix="/v1/buyers", tags=["buyers"])


@router.get(
    "/{code}/complaints",
    response_model=Page[ComplaintRead],
    summary="Arrears cases on the buyer from the 12345 desk, the latest first",
)
async def list_complaints(
    code: str, ctx: ReadContext, limit: int = 50, cursor: str | None = None
) -> Page[ComplaintRead]:
    limit = clamp_limit(limit)
    rows = await service.complaints_of(ctx, code, after=_after(decode_cursor(cursor)), limit=limit)
    items = [
        ComplaintRead(
            ticket_id=c.ticket_id,
            external_id=c.external_id,
            buyer_code=c.buyer_code,
            contract_no=c.contract_no,
            seller_uscc=c.seller_uscc,
            enterprise_name=c.enterprise_name,
            title=c.title,
            received_at=c.received_at,
            received_on=c.received_on,
            counted=not c.excluded,
            excluded_reason=c.excluded_reason,
        )
        for c in rows
    ]
    last = rows[-1] if len(rows) == limit else None
    return Page(
        items=items,
        next_cursor=None if last is None else encode_cursor([last.received_at.isoformat(), str(last.ticket_id)]),
    )


def _after(values: list | None) -> tuple[datetime, uuid.UUID] | None:
    if values is None:
        return None
    try:
        return datetime.fromisoformat(values[0]), uuid.UUID(values[1])
    except (ValueError, IndexError, TypeError):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged") from None
