from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Request, Response

from zjtx.awards import errors, exports
from zjtx.awards.claim import service
from zjtx.awards.claim.schemas import ClaimCreate, ClaimRead, claim_read
from zjtx.awards.deps import (
    ClaimDistrictFilter,
    ClaimIdPath,
    ClaimRuleFilter,
    FiledFrom,
    FiledTo,
    ReadContext,
    WriteContext,
)
from zjtx.common.dates import DateInFuture, DateTooEarly
from zjtx.common.uscc import InvalidUSCC, normalise_uscc
from zjtx.common.web import exports as files
from zjtx.common.web import paging
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, UsccFilter, problems

router = Router(prefix="/v1/claims", tags=["claims"])


@router.post(
    "",
    status_code=201,
    response_model=ClaimRead,
    summary="Claim an award (A2.1, A2.2, A3.rent, A6.1); a claim not eligible is stored as rejected",
    responses=problems(
        errors.EnterpriseNotFound,
        errors.YearNotEnded,
        errors.UnknownCluster,
        DateInFuture,
        DateTooEarly,
        InvalidUSCC,
    ),
)
async def submit_claim(data: ClaimCreate, ctx: WriteContext, language: ReaderLanguage) -> ClaimRead:
    """A claim with its evidence, by `rule`: A2.1 new supply to the six clusters' leaders, A2.2 a
    technical upgrade, A3.rent rent of research or production premises, A6.1 a national trade fair's booth
    fee. It is decided at once with every other claim and fact of the enterprise and rule: accepted with
    its award (`award_id`), or rejected with the reason (`reason_code`); the same facts twice never make a
    second award. Refused: an enterprise the registry has not announced (404 `enterprise_not_found`), a year
    not ended (`year_not_ended`), a date after today, an unknown buyer cluster (`cluster_unknown`)."""
    return claim_read(await service.submit_claim(ctx, data=data), language)


ClaimStatusFilter = Annotated[
    Literal["accepted", "rejected", "rejected_on_review"] | None,
    Query(
        description="only claims in this status: `accepted`; `rejected` (not eligible, with its reason); "
        "`rejected_on_review` (its award rejected by a reviewer)"
    ),
]


@router.get(
    "",
    response_model=Page[ClaimRead],
    summary="Claims, filtered, in the order they were filed; `Accept: text/csv` or .xlsx for the file of them all",
    responses=files.documented(
        exports.CLAIMS, InvalidCursor, InvalidUSCC, errors.InvalidWindow, example=exports.CLAIMS_EXAMPLE
    ),
)
async def list_claims(
    request: Request,
    ctx: ReadContext,
    language: ReaderLanguage,
    status: ClaimStatusFilter = None,
    rule: ClaimRuleFilter = None,
    uscc: UsccFilter = None,
    district_code: ClaimDistrictFilter = None,
    from_: FiledFrom = None,
    to: FiledTo = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ClaimRead] | Response:
    """Every claim filed (accepted and rejected ones, with their reasons), oldest first, filtered by status,
    rule, enterprise, the enterprise's district or zone, and the days they were filed (Asia/Shanghai, both
    ends included; `to` before `from` is 422 `window_invalid`).

    With `Accept: text/csv` (UTF-8 with a byte-order mark) or `Accept:
    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (.xlsx), the file of every claim the
    filters match (`limit` and `cursor` do not apply), with Chinese headers; more rows than EXPORT_MAX_ROWS
    (100,000) is 422 `export_too_large`. Another `Accept` is 406 `not_acceptable`."""
    media = files.requested(request)
    filters = {"status": status, "rule": rule, "uscc": normalise_uscc(uscc) if uscc else None}

    async def fetch(after_seq: int | None, size: int):
        return await service.list_claims(
            ctx,
            filters=filters,
            district_code=district_code,
            filed_from=from_,
            filed_to=to,
            limit=size,
            after_seq=after_seq,
        )

    if media != files.JSON:
        day = ctx.today()
        table = exports.CLAIMS
        rows = files.in_batches(fetch, key=lambda claim: claim.seq)
        return await files.export(request, table, media, rows, name=f"{table.name}-{day}", title=f"{table.title}-{day}")
    rows = await fetch(_after_seq(cursor), limit)
    return Page(
        items=[claim_read(c, language) for c in rows],
        next_cursor=paging.next_cursor(rows, limit, lambda claim: (claim.seq,)),
    )


@router.get(
    "/{claim_id}",
    response_model=ClaimRead,
    summary="One claim, its decision and its explanation",
    responses=problems(errors.ClaimNotFound),
)
async def get_claim(claim_id: ClaimIdPath, ctx: ReadContext, language: ReaderLanguage) -> ClaimRead:
    """The claim as decided now (a later fact may change its decision), with its evidence and explanation;
    404 `claim_not_found` for none."""
    return claim_read(await service.get_claim(ctx, claim_id), language)


def _after_seq(cursor: str | None) -> int | None:
    """The filing position of the previous page's last claim."""
    found = paging.after(cursor, paging.seq)
    return None if found is None else found[0]
