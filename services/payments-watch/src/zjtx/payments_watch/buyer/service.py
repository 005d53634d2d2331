"""Buyer use cases: register one, read one, list them."""

from __future__ import annotations

from collections.abc import Sequence

from zjtx.common.kit.context import Context
from zjtx.common.uscc import normalise_uscc
from zjtx.common.web.audit import record_audit
from zjtx.payments_watch import errors
from zjtx.payments_watch.buyer import repository
from zjtx.payments_watch.buyer.models import Buyer
from zjtx.payments_watch.buyer.schemas import BuyerCreate


def normalise_code(code: str) -> str:
    """A buyer's code is its unified social credit code (机关 and 事业单位 have one too)."""
    return normalise_uscc(code)


async def register_buyer(ctx: Context, *, data: BuyerCreate) -> Buyer:
    code = normalise_code(data.code)
    if data.district_code not in ctx.reference.divisions:
        raise errors.DistrictUnknown(
            f"{data.district_code!r} is not one of the 9 旗县区 or the 3 zones",
            detail_zh=f"{data.district_code!r}不是9个旗县区或3个园区之一",
        )
    values = {
        "code": code,
        "name": data.name.strip(),
        "kind": data.kind,
        "district_code": data.district_code,
        "supervisor": data.supervisor.strip(),
    }
    if not await repository.add(ctx.session, values):
        raise errors.BuyerExists(f"{code} is already registered", detail_zh=f"{code}已登记")
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="buyer.register",
        entity_type="buyer",
        entity_id=code,
        before=None,
        after=values,
    )
    buyer = await repository.get(ctx.session, code)
    assert buyer is not None
    return buyer


async def get_buyer(ctx: Context, code: str, *, for_update: bool = False) -> Buyer:
    buyer = await repository.get(ctx.session, normalise_code(code), for_update=for_update)
    if buyer is None:
        raise errors.BuyerNotFound(f"no buyer {code}", detail_zh=f"没有买方{code}")
    return buyer


async def list_buyers(
    ctx: Context, *, kind: str | None, district_code: str | None, risk_level: str | None, after: str | None, limit: int
) -> Sequence[Buyer]:
    filters = {"kind": kind, "district_code": district_code, "risk_level": risk_level}
    return await repository.search(ctx.session, filters=filters, after=after, limit=limit)
