from __future__ import annotations

from zjtx.common.kit.context import Context
from zjtx.common.web.paging import InvalidCursor, Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.common.web.routing import Router
from zjtx.payments_watch.buyer import service
from zjtx.payments_watch.buyer.models import Buyer
from zjtx.payments_watch.buyer.schemas import BuyerCreate, BuyerKind, BuyerRead, RiskLevel
from zjtx.payments_watch.deps import ReadContext, WriteContext

router = Router(prefix="/v1/buyers", tags=["buyers"])


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


@router.post("", status_code=201, response_model=BuyerRead, summary="Register a buyer")
async def register(data: BuyerCreate, ctx: WriteContext) -> BuyerRead:
    return buyer_read(ctx, await service.register_buyer(ctx, data=data))


@router.get("/{code}", response_model=BuyerRead, summary="One buyer with its last risk level")
async def get_buyer(code: str, ctx: ReadContext) -> BuyerRead:
    return buyer_read(ctx, await service.get_buyer(ctx, code))


@router.get("", response_model=Page[BuyerRead], summary="Buyers, by code")
async def list_buyers(
    ctx: ReadContext,
    kind: BuyerKind | None = None,
    district_code: str | None = None,
    risk_level: RiskLevel | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[BuyerRead]:
    limit = clamp_limit(limit)
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
