from __future__ import annotations

import csv
import io
from datetime import date

from fastapi import Query, Request
from fastapi.responses import Response

from zjtx.common.money import format_fen
from zjtx.common.web.paging import InvalidCursor, Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.common.web.routing import Router
from zjtx.payments_watch.deps import ReadContext
from zjtx.payments_watch.report import service
from zjtx.payments_watch.report.schemas import DisclosureRow, PaymentPractice

router = Router(prefix="/v1/reports", tags=["reports"])

CSV_COLUMNS = ["buyer_code", "name", "year", "overdue_unpaid_contracts", "overdue_unpaid_amount"]


@router.get(
    "/disclosure",
    response_model=Page[DisclosureRow],
    summary="A10.6: per 机关/事业单位, contracts overdue and unpaid on 31 December, and their amount; "
    "`Accept: text/csv` for the file a unit publishes",
    responses={
        200: {
            "content": {
                "text/csv": {"example": "buyer_code,name,year,overdue_unpaid_contracts,overdue_unpaid_amount\r\n"}
            }
        }
    },
)
async def disclosure(
    request: Request,
    ctx: ReadContext,
    year: int = Query(ge=2000, le=2100),
    buyer_code: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
):
    if "text/csv" in request.headers.get("accept", ""):
        lines = await service.disclosure(ctx, year=year, buyer_code=buyer_code, after=None, limit=None)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for line in lines:
            writer.writerow([line.buyer_code, line.name, line.year, line.contracts, format_fen(line.amount_fen)])
        filename = f"disclosure-{year}{'-' + lines[0].buyer_code if buyer_code and lines else ''}.csv"
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    limit = clamp_limit(limit)
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
)
async def payment_practices(
    ctx: ReadContext,
    buyer_code: str | None = None,
    period_from: date | None = Query(default=None, alias="from"),
    period_to: date | None = Query(default=None, alias="to"),
    limit: int = 50,
    cursor: str | None = None,
) -> Page[PaymentPractice]:
    limit = clamp_limit(limit)
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
