from __future__ import annotations

from typing import Annotated

from fastapi import Query

from zjtx.common.kit.context import Context
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Limit, Router, problems
from zjtx.payments_watch import errors
from zjtx.payments_watch.buyer import service
from zjtx.payments_watch.buyer.models import Buyer
from zjtx.payments_watch.buyer.schemas import KINDS_SAID, RISK_LEVELS_SAID, BuyerCreate, BuyerKind, BuyerRead, RiskLevel
from zjtx.payments_watch.deps import BuyerCodePath, DistrictFilter, ReadContext, WriteContext

router = Router(prefix="/v1/buyers", tags=["buyers"])

KindFilter = Annotated[BuyerKind | None, Query(description=f"only buyers of this kind: {KINDS_SAID}")]
RiskFilter = Annotated[
    RiskLevel | None, Query(description=f"only buyers whose last risk is this level: {RISK_LEVELS_SAID}")
]


def buyer_read(ctx: Context, buyer: Buyer) -> BuyerRead:
    return BuyerRead(
        code=buyer.code,
        name=buyer.name,
        kind=buyer.kind,
        district_code=buyer.district_code,
        district_name=ctx.reference.divisions.get(buyer.district_code, ""),
        supervisor=buyer.supervisor,
        risk_score=buyer.risk_score,
        risk_level=buyer.risk_level,
        risk_as_of=buyer.risk_as_of,
        created_at=buyer.created_at,
        updated_at=buyer.updated_at,
    )


@router.post(
    "",
    status_code=201,
    response_model=BuyerRead,
    summary="Register a buyer",
    responses=problems(InvalidUSCC, errors.DistrictUnknown, errors.BuyerExists),
)
async def register(data: BuyerCreate, ctx: WriteContext) -> BuyerRead:
    """A buyer the payment regulation binds (A10): a 机关 or 事业单位, a state-owned or another large enterprise,
    by its credit code. Its kind decides its term: 机关 and 事业单位 pay within 30 days of delivery, at most 60
    agreed (A10.1); large enterprises within 60 days unless agreed otherwise (A10.2, 2025 text). A code on
    record is 409 `buyer_exists`."""
    return buyer_read(ctx, await service.register_buyer(ctx, data=data))


@router.get(
    "/{code}",
    response_model=BuyerRead,
    summary="One buyer with its last risk level",
    responses=problems(InvalidUSCC, errors.BuyerNotFound),
)
async def get_buyer(code: BuyerCodePath, ctx: ReadContext) -> BuyerRead:
    """The buyer and its A10.5 risk as last computed (the hourly scan keeps it current); 404 `buyer_not_found`
    for a code not registered."""
    return buyer_read(ctx, await service.get_buyer(ctx, code))


@router.get("", response_model=Page[BuyerRead], summary="Buyers, by code", responses=problems(InvalidCursor))
async def list_buyers(
    ctx: ReadContext,
    kind: KindFilter = None,
    district_code: DistrictFilter = None,
    risk_level: RiskFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[BuyerRead]:
    """The registered buyers in the order of their codes, filtered by kind, district and last risk level (A10.5:
    the units screened for high risk before problems grow)."""
    after = _after(decode_cursor(cursor))
    rows = await service.list_buyers(
        ctx, kind=kind, district_code=district_code, risk_level=risk_level, after=after, limit=limit
    )
    next_cursor = encode_cursor([rows[-1].code]) if len(rows) == limit else None
    return Page(items=[buyer_read(ctx, b) for b in rows], next_cursor=next_cursor)


def _after(values: list | None) -> str | None:
    if values is None:
        return None
    if len(values) != 1 or not isinstance(values[0], str):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged")
    return values[0]
