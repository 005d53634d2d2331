from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Path, Query

from zjtx.awards import errors
from zjtx.awards.claim import service
from zjtx.awards.claim.schemas import ClaimCreate, ClaimRead
from zjtx.awards.deps import (
    ClaimRuleFilter,
    DistrictFilter,
    FiledFrom,
    FiledTo,
    ReadContext,
    UsccFilter,
    WriteContext,
)
from zjtx.common.uscc import InvalidUSCC, normalise_uscc
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Limit, Router, problems

router = Router(prefix="/v1/claims", tags=["claims"])


@router.post(
    "",
    status_code=201,
    response_model=ClaimRead,
    summary="Claim an award (A2.1, A2.2, A3.rent, A6.1); a claim not eligible is stored as rejected",
    responses={
        404: {"description": "`enterprise_not_found`"},
        422: {
            "description": "`year_not_ended` (a claim about a year that has not ended), `date_in_future`, "
            "`date_too_early`, `cluster_unknown` (buyer_cluster), `uscc_invalid`, `validation_failed` (naming "
            "missing or bad evidence fields: buyer_cluster, own_product, fair_level, …)"
        },
    },
)
async def submit_claim(data: ClaimCreate, ctx: WriteContext) -> ClaimRead:
    return ClaimRead.model_validate(await service.submit_claim(ctx, data=data), from_attributes=True)


ClaimIdPath = Annotated[uuid.UUID, Path(description="the claim's `id`")]
ClaimStatusFilter = Annotated[
    Literal["accepted", "rejected", "rejected_on_review"] | None,
    Query(description="only claims in this status: accepted, rejected, or rejected_on_review (its award rejected)"),
]


@router.get(
    "",
    response_model=Page[ClaimRead],
    summary="Claims, filtered, in the order they were filed",
    responses=problems(InvalidCursor, InvalidUSCC, errors.InvalidWindow),
)
async def list_claims(
    ctx: ReadContext,
    status: ClaimStatusFilter = None,
    rule: ClaimRuleFilter = None,
    uscc: UsccFilter = None,
    district_code: DistrictFilter = None,
    from_: FiledFrom = None,
    to: FiledTo = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ClaimRead]:
    """Every claim filed (accepted and rejected ones, with their reasons), oldest first, filtered by status,
    rule, enterprise, the enterprise's district or zone, and the days they were filed (Asia/Shanghai, both
    ends included; `to` before `from` is 422 `window_invalid`)."""
    rows = await service.list_claims(
        ctx,
        filters={"status": status, "rule": rule, "uscc": normalise_uscc(uscc) if uscc else None},
        district_code=district_code,
        filed_from=from_,
        filed_to=to,
        limit=limit,
        after_seq=_after_seq(cursor),
    )
    next_cursor = encode_cursor([rows[-1].seq]) if len(rows) == limit else None
    return Page(items=[ClaimRead.model_validate(c, from_attributes=True) for c in rows], next_cursor=next_cursor)


@router.get(
    "/{claim_id}",
    response_model=ClaimRead,
    summary="One claim, its decision and its explanation",
    responses=problems(errors.ClaimNotFound),
)
async def get_claim(claim_id: ClaimIdPath, ctx: ReadContext) -> ClaimRead:
    """The claim with its evidence, its status as decided now, the reason and the decision's explanation."""
    return ClaimRead.model_validate(await service.get_claim(ctx, claim_id), from_attributes=True)


def _after_seq(cursor: str | None) -> int | None:
    values = decode_cursor(cursor)
    if values is None:
        return None
    if len(values) != 1 or type(values[0]) is not int or not 0 <= values[0] < 2**63:
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged")
    return values[0]
