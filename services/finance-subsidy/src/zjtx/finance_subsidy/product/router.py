from __future__ import annotations

from zjtx.common.web.paging import Page, clamp_limit
from zjtx.common.web.routing import Router
from zjtx.finance_subsidy import paging
from zjtx.finance_subsidy.deps import BankCodeFilter, BankOrAdminDep, ReadContext, TypeFilter, ViewerDep
from zjtx.finance_subsidy.product import service
from zjtx.finance_subsidy.product.schemas import MatchingProductRead, ProductCreate, ProductRead

router = Router(prefix="/v1", tags=["loan products"])


def _read(product, types: dict[str, str]) -> dict:
    return {
        "id": product.id,
        "bank_code": product.bank_code,
        "code": product.code,
        "name": product.name,
        "type": product.product_type,
        "type_name": types.get(product.product_type, product.product_type),
        "description": product.description,
        "max_amount": product.max_amount_fen,
        "rate_note": product.rate_note,
        "conditions": product.conditions,
    }


@router.post("/loan-products", status_code=201, response_model=ProductRead, summary="A bank's loan product (A5.4)")
async def add_product(body: ProductCreate, caller: BankOrAdminDep) -> ProductRead:
    """An admin adds any bank's product; a bank's key (finance:bank) its own bank's."""
    product = await service.add_product(caller.ctx, body, caller_bank=caller.bank_code)
    return ProductRead(**_read(product, service.product_types(caller.ctx)))


@router.get("/loan-products", response_model=Page[ProductRead], summary="Banks' loan products, filtered")
async def list_products(
    viewer: ViewerDep,
    bank_code: BankCodeFilter = None,
    type: TypeFilter = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[ProductRead]:
    limit = clamp_limit(limit)
    rows = await service.list_products(
        viewer.ctx, bank_code=bank_code, product_type=type, limit=limit, after=paging.after(cursor)
    )
    types = service.product_types(viewer.ctx)
    return Page(items=[ProductRead(**_read(p, types)) for p in rows], next_cursor=paging.next_cursor(rows, limit))


@router.get(
    "/enterprises/{uscc}/matching-products",
    response_model=list[MatchingProductRead],
    summary="The products whose conditions the enterprise meets, each with why",
)
async def matching_products(uscc: str, ctx: ReadContext, include_unmatched: bool = False) -> list[MatchingProductRead]:
    types = service.product_types(ctx)
    return [
        MatchingProductRead(**_read(product, types), matches=match.matches, why=match.met, why_not=match.unmet)
        for product, match in await service.matching_products(ctx, uscc=uscc)
        if match.matches or include_unmatched
    ]
