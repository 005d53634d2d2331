from __future__ import annotations

import uuid
from datetime import datetime

from zjtx.common.rules import said_in
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Limit, Router, problems
from zjtx.payments_watch import errors
from zjtx.payments_watch.complaint import service
from zjtx.payments_watch.complaint.schemas import ComplaintRead
from zjtx.payments_watch.deps import BuyerCodePath, ReadContext

router = Router(prefix="/v1/buyers", tags=["buyers"])


@router.get(
    "/{code}/complaints",
    response_model=Page[ComplaintRead],
    summary="Arrears cases on the buyer from the 12345 desk, the latest first",
    responses=problems(InvalidCursor, InvalidUSCC, errors.BuyerNotFound),
)
async def list_complaints(
    code: BuyerCodePath, ctx: ReadContext, language: ReaderLanguage, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[ComplaintRead]:
    """The complaints of overdue payment (category `arrears`) the 12345 enterprise desk received about this
    buyer (naming it, or one of its contracts): those of the last 12 months count in its A10.5 score; a
    merged or withdrawn ticket is kept, not counted."""
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
            excluded_reason=said_in(language, c.excluded_reason, c.excluded_reason_zh),
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
