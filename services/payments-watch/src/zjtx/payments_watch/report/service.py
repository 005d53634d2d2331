"""Reports: A10.6, the yearly disclosure (per 机关/事业单位: contracts overdue and unpaid on 31 December
and their overdue unpaid principal; published by 31 March), and payment practices per buyer (beyond the
policy, after the UK's payment-practices reporting)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from zjtx.common.kit.context import Context
from zjtx.common.parameters import ParameterNotInForce
from zjtx.payments_watch import errors
from zjtx.payments_watch.buyer.service import normalise_code
from zjtx.payments_watch.report import repository
from zjtx.payments_watch.report.repository import Practice


@dataclass(frozen=True)
class DisclosureLine:
    buyer_code: str
    name: str
    year: int
    contracts: int
    amount_fen: int
    counted_on: date
    publish_by: date


async def disclosure(
    ctx: Context, *, year: int, buyer_code: str | None, after: str | None, limit: int | None
) -> list[DisclosureLine]:
    counted_on = date(year, 12, 31)
    if counted_on >= ctx.today():
        raise errors.YearNotEnded(
            f"{year} has not ended: its disclosure is made from 1 January {year + 1}",
            detail_zh=f"{year}年尚未结束：该年度情况自{year + 1}年1月1日起公开",
        )
    try:
        rule = ctx.parameters.in_force("disclosure", counted_on).body
    except ParameterNotInForce:
        first = ctx.parameters.values("disclosure")[0].valid_from
        raise errors.BeforePolicy(
            f"the disclosure applies from the payment regulation's start ({first})",
            detail_zh=f"公开要求自条例施行之日（{first}）起适用",
        ) from None
    publish_by = date(year + 1, rule["publish_by_month"], rule["publish_by_day"])
    code = None if buyer_code is None else normalise_code(buyer_code)
    units = await repository.units(ctx.session, kinds=rule["buyer_kinds"], buyer_code=code, after=after, limit=limit)
    counts = await repository.overdue_unpaid(ctx.session, counted_on, [u.code for u in units]) if units else {}
    return [DisclosureLine(u.code, u.name, year, *counts.get(u.code, (0, 0)), counted_on, publish_by) for u in units]


async def payment_practices(
    ctx: Context, *, buyer_code: str | None, start: date | None, end: date | None, after: str | None, limit: int
) -> tuple[date, date, list[Practice]]:
    end = end or ctx.today()
    start = start or date(end.year, 1, 1)
    if start > end:
        raise errors.InconsistentTerms(f"from {start} is after to {end}", detail_zh=f"起始日{start}晚于截止日{end}")
    code = None if buyer_code is None else normalise_code(buyer_code)
    rows = await repository.practices(ctx.session, start=start, end=end, buyer_code=code, after=after, limit=limit)
    return start, end, rows


def percent(part: int, whole: int) -> Decimal:
    if whole == 0:
        return Decimal("0.00")
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def average(total: int, count: int) -> Decimal:
    if count == 0:
        return Decimal("0.0")
    return (Decimal(total) / count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
