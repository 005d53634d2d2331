from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from zjtx.common.web.routing import Router
from zjtx.payments_watch.deps import ReadContext
from zjtx.payments_watch.lpr import service

router = Router(prefix="/v1/lpr", tags=["lpr"])


class LprRead(BaseModel):
    published_on: date
    one_year: Decimal
    five_year: Decimal
    source: Literal["shipped", "received"]


@router.get("", response_model=list[LprRead], summary="The LPR publications this service decides A10.4 with")
async def list_lpr(ctx: ReadContext) -> list[LprRead]:
    return [
        LprRead(published_on=p.published_on, one_year=p.one_year, five_year=p.five_year, source=source)
        for p, source in await service.list_publications(ctx)
    ]
