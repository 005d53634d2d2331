from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web import exports as files
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Day, Limit, Router, Year, problems
from zjtx.payments_watch import errors
from zjtx.payments_watch.deps import BuyerCodeFilter, ReadContext
from zjtx.payments_watch.report import service
from zjtx.payments_watch.report.exports import DISCLOSURE, EXAMPLE, file_name
from zjtx.payments_watch.report.schemas import DisclosureRow, PaymentPractice

router = Router(prefix="/v1/reports", tags=["reports"])


DisclosureYear = Annotated[
    Year, Query(description="the year disclosed, ended (`year_not_ended`), from 2020 on (`before_policy`)")
]
PeriodFrom = Annotated[
    Day | None,
    Query(alias="from", description="payments on or after this day, YYYY-MM-DD (default: 1 January of `to`)"),
]
PeriodTo = Annotated[
    Day | None, Query(alias="to", description="payments on or before this day, YYYY-MM-DD (default: today)")
]


@router.get(
    "/disclosure",
    response_model=Page[DisclosureRow],
    summary="A10.6: per 机关/事业单位, contracts overdue and unpaid on 31 December, and their amount; "
    "`Accept: text/csv` (or the Excel workbook) for the file a unit publishes",
    responses=files.documented(
        DISCLOSURE,
        InvalidCursor,
        InvalidUSCC,
        errors.YearNotEnded,
        errors.BeforePolicy,
        example=[EXAMPLE],
        capped=False,
    ),
)
async def disclosure(
    request: Request,
    ctx: ReadContext,
    year: DisclosureYear,
    buyer_code: BuyerCodeFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
):
    """A10.6: each 机关 and 事业单位 publishes by 31 March the number of its contracts overdue and still unpaid
    (in whole or part) on 31 December of the year before, and their overdue unpaid principal (not what was not
    yet due, not the interest). Units by code; for an ended year from 2020 on. With `Accept: text/csv`, the
    file a unit publishes: every unit (or the one of `buyer_code`), not paged."""
    media = files.requested(request)
    if media != files.JSON:
        # every unit at most once: bounded by the registered units, so not capped like a search
        lines = await service.disclosure(ctx, year=year, buyer_code=buyer_code, after=None, limit=None)
        return await files.export(
            request, DISCLOSURE, media, lines, name=file_name(year, buyer_code, lines), capped=False
        )
    lines = await service.disclosure(ctx, year=year, buyer_code=buyer_code, after=_after(cursor), limit=limit)
    return Page(
        items=[
            DisclosureRow(
                buyer_code=line.buyer_code,
                name=line.name,
                year=line.year,
                overdue_unpaid_contracts=line.contracts,
                overdue_unpaid_amount=line.amount_fen,
                counted_on=line.counted_on,
                publish_by=line.publish_by,
            )
            for line in lines
        ],
        next_cursor=encode_cursor([lines[-1].buyer_code]) if len(lines) == limit else None,
    )


@router.get(
    "/payment-practices",
    response_model=Page[PaymentPractice],
    summary="Per buyer: average days to pay, payments within 30, 31-60 and over 60 days, paid late by count and value",
    responses=problems(InvalidCursor, InvalidUSCC, errors.InconsistentTerms),
)
async def payment_practices(
    ctx: ReadContext,
    buyer_code: BuyerCodeFilter = None,
    period_from: PeriodFrom = None,
    period_to: PeriodTo = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[PaymentPractice]:
    """How each buyer pays, over the payments of a period on monitored contracts (each part of a payment
    applied to one payable counts once), in days from the clock's start (day 0, A10.3): beyond the policy, after
    the UK's payment-practices reporting. `from` after `to` is 422 `terms_inconsistent`."""
    start, end, rows = await service.payment_practices(
        ctx, buyer_code=buyer_code, start=period_from, end=period_to, after=_after(cursor), limit=limit
    )
    items = [
        PaymentPractice(
            buyer_code=r.buyer_code,
            name=r.name,
            period_from=start,
            period_to=end,
            payments=r.payments,
            amount_paid=r.amount_fen,
            average_days_to_pay=service.average(r.days_total, r.payments),
            within_30_days=service.percent(r.within_30, r.payments),
            from_31_to_60_days=service.percent(r.from_31_to_60, r.payments),
            over_60_days=service.percent(r.over_60, r.payments),
            paid_late_by_count=service.percent(r.late, r.payments),
            paid_late_by_value=service.percent(r.late_amount_fen, r.amount_fen),
        )
        for r in rows
    ]
    return Page(items=items, next_cursor=encode_cursor([rows[-1].buyer_code]) if len(rows) == limit else None)


def _after(cursor: str | None) -> str | None:
    values = decode_cursor(cursor)
    if values is None:
        return None
    if len(values) != 1 or not isinstance(values[0], str):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged")
    return values[0]
