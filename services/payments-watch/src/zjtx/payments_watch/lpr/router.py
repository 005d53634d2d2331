from __future__ import annotations

from datetime import date

from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Limit, Router, problems
from zjtx.payments_watch.deps import ReadContext
from zjtx.payments_watch.lpr import service
from zjtx.payments_watch.lpr.schemas import LprRead

router = Router(prefix="/v1/lpr", tags=["lpr"])


@router.get(
    "",
    response_model=Page[LprRead],
    summary="The LPR publications this service decides A10.4 with, oldest first",
    responses=problems(InvalidCursor),
)
async def list_lpr(ctx: ReadContext, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Page[LprRead]:
    """The 1-year and 5-year loan prime rates by date: shipped with the platform and received from the
    finance-subsidy service since. A10.4 reads the 1-year rate in force on a contract's signing date as the
    floor of an agreed overdue rate."""
    rows = await service.list_publications(ctx, after=_after(decode_cursor(cursor)), limit=limit)
    items = [
        LprRead(published_on=p.published_on, one_year=p.one_year, five_year=p.five_year, source=source)
        for p, source in rows
    ]
    return Page(items=items, next_cursor=encode_cursor([str(items[-1].published_on)]) if len(items) == limit else None)


def _after(values: list | None) -> date | None:
    if values is None:
        return None
    try:
        [day] = values
        return date.fromisoformat(day)
    except (ValueError, TypeError):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged") from None
