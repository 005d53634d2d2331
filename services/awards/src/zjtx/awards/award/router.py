from __future__ import annotations

import uuid
from datetime import datetime

from zjtx.awards.award import repository, service
from zjtx.awards.award.schemas import AwardRead, AwardView, Status, award_read, award_view
from zjtx.awards.deps import ApproveContext, DisburseContext, ReadContext, ReviewContext
from zjtx.awards.settlement import service as settlement
from zjtx.common.web.paging import InvalidCursor, Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.common.web.routing import Router
from zjtx.common.workflow import DisburseBody, RecoveryBody, RejectBody, ReviewBody

router = Router(prefix="/v1/awards", tags=["awards"])


@router.get("", response_model=Page[AwardRead], summary="Awards, filtered, oldest first")
async def list_awards(
    ctx: ReadContext,
    uscc: str | None = None,
    rule: str | None = None,
    status: Status | None = None,
    year: int | None = None,
    district_code: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[AwardRead]:
    limit = clamp_limit(limit)
    after = _after(decode_cursor(cursor))
    rows = await repository.search(
        ctx.session,
        filters={"uscc": uscc, "rule": rule, "status": status, "district_code": district_code},
        year=year,
        limit=limit,
        after=after,
    )
    next_cursor = encode_cursor([rows[-1].created_at.isoformat(), str(rows[-1].id)]) if len(rows) == limit else None
    return Page(items=[award_read(a) for a in rows], next_cursor=next_cursor)


@router.get(
    "/{award_id}",
    response_model=AwardView,
    summary="One award with its explanation, and its enterprise's credit status and recognitions",
)
async def get_award(award_id: uuid.UUID, ctx: ReadContext) -> AwardView:
    """The award, and what a reviewer checks of its enterprise (信用核查): whether it is on a credit list
    today and was on the black list on the award's date, its credit list entries and its recognitions."""
    award = await service.get_award(ctx, award_id)
    return award_view(award, await service.enterprise_check(ctx, award))


@router.post("/{award_id}/review", response_model=AwardRead, summary="Review a computed award")
async def review(award_id: uuid.UUID, ctx: ReviewContext, body: ReviewBody | None = None) -> AwardRead:
    return award_read(await service.review_award(ctx, award_id=award_id, note=body.note if body else None))


@router.post("/{award_id}/approve", response_model=AwardRead, summary="Approve a reviewed award (another client)")
async def approve(award_id: uuid.UUID, ctx: ApproveContext, body: ReviewBody | None = None) -> AwardRead:
    return award_read(await service.approve_award(ctx, award_id=award_id, note=body.note if body else None))


@router.post(
    "/{award_id}/reject",
    response_model=AwardRead,
    summary="Reject a computed or reviewed award: it frees its place; its claim may be filed again with new evidence",
)
async def reject(award_id: uuid.UUID, body: RejectBody, ctx: ReviewContext) -> AwardRead:
    return award_read(await settlement.reject_award(ctx, award_id=award_id, reason=body.reason))


@router.post("/{award_id}/disburse", response_model=AwardRead, summary="Record the payment of an approved award")
async def disburse(award_id: uuid.UUID, body: DisburseBody, ctx: DisburseContext) -> AwardRead:
    award = await service.disburse_award(
        ctx, award_id=award_id, payment_reference=body.payment_reference, paid_on=body.paid_on
    )
    return award_read(award)


@router.post(
    "/{award_id}/recovery",
    response_model=AwardRead,
    summary="Record that the amount flagged for recovery (recovery_due) came back: recovered",
)
async def recover(award_id: uuid.UUID, body: RecoveryBody, ctx: DisburseContext) -> AwardRead:
    award = await service.record_recovery(
        ctx, award_id=award_id, reference=body.recovery_reference, recovered_on=body.recovered_on
    )
    return award_read(award)


def _after(values: list | None) -> tuple | None:
    if values is None:
        return None
    try:
        return datetime.fromisoformat(values[0]), uuid.UUID(values[1])
    except (ValueError, IndexError, TypeError):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged") from None
