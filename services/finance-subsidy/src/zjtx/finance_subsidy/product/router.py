from __future__ import annotations

from typing import Annotated

from fastapi import Query

from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, UsccPath, problems
from zjtx.finance_subsidy import errors, paging
from zjtx.finance_subsidy.deps import (
    BankCodeFilter,
    BankKeyUnbound,
    BankOrAdminDep,
    ProductTypeFilter,
    ReadContext,
    ViewerDep,
)
from zjtx.finance_subsidy.product import service
from zjtx.finance_subsidy.product.schemas import MatchingProductRead, ProductCreate, ProductRead

router = Router(prefix="/v1", tags=["loan products"])

IncludeUnmatched = Annotated[
    bool, Query(description="true: every product, each with `matches` and `why_not`; default: the matching ones")
]


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


@router.post(
    "/loan-products",
    status_code=201,
    response_model=ProductRead,
    summary="A bank's loan product (A5.4)",
    responses=problems(
        BankKeyUnbound,
        errors.BankMismatch,
        errors.BankUnknown,
        errors.ProductTypeUnknown,
        errors.NotZhubaodaiPartner,
        errors.ConditionsInvalid,
        errors.ProductExists,
    ),
)
async def add_product(body: ProductCreate, caller: BankOrAdminDep) -> ProductRead:
    """A financing product a bank offers (信易贷, 银税贷, 政采贷, 助保贷, …: A5.4, information only, no money
    computed), with the conditions an enterprise must meet. An admin adds any bank's product; a bank's key
    (finance:bank) its own bank's (403 `bank_mismatch`). Only a 助保贷 partner bank offers a `zhubaodai`
    product."""
    product = await service.add_product(caller.ctx, body, caller_bank=caller.bank_code)
    return ProductRead(**_read(product, service.product_types(caller.ctx)))


@router.get(
    "/loan-products",
    response_model=Page[ProductRead],
    summary="Banks' loan products, filtered",
    responses=problems(InvalidCursor, BankKeyUnbound),
)
async def list_products(
    viewer: ViewerDep,
    bank_code: BankCodeFilter = None,
    type: ProductTypeFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ProductRead]:
    """The active products of every bank (A5.4), in the order they were added."""
    rows = await service.list_products(
        viewer.ctx, bank_code=bank_code, product_type=type, limit=limit, after=paging.after(cursor)
    )
    types = service.product_types(viewer.ctx)
    return Page(items=[ProductRead(**_read(p, types)) for p in rows], next_cursor=paging.next_cursor(rows, limit))


@router.get(
    "/enterprises/{uscc}/matching-products",
    response_model=Page[MatchingProductRead],
    summary="The products whose conditions the enterprise meets, each with why",
    responses=problems(InvalidCursor, InvalidUSCC, errors.EnterpriseNotFound),
)
async def matching_products(
    uscc: UsccPath,
    ctx: ReadContext,
    include_unmatched: IncludeUnmatched = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[MatchingProductRead]:
    """Each active product checked against the enterprise's facts today, as the registry reported them
    (district, sector, size class, cluster, staff, revenue, the recognitions it holds), by bank and product
    code; each condition met or not is said. 404 `enterprise_not_found` for an enterprise the registry has
    not announced."""
    types = service.product_types(ctx)
    found = await service.matching_products(
        ctx, uscc=uscc, include_unmatched=include_unmatched, after=paging.after_pair(cursor), limit=limit
    )
    return Page(
        items=[
            MatchingProductRead(**_read(product, types), matches=match.matches, why=match.met, why_not=match.unmet)
            for product, match in found
        ],
        next_cursor=paging.next_pair_cursor([(product.bank_code, product.code) for product, _ in found], limit),
    )
