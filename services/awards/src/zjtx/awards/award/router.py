from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import Path, Query

from zjtx.awards import errors
from zjtx.awards.award import repository, service
from zjtx.awards.award.schemas import AwardRead, AwardView, RecoveryCreate, Status, award_read, award_view
from zjtx.awards.deps import (
    ApproveContext,
    AwardRuleFilter,
    DisburseContext,
    DistrictFilter,
    ReadContext,
    ReviewContext,
    UsccFilter,
)
from zjtx.awards.errors import AwardNotFound
from zjtx.awards.settlement import service as settlement
from zjtx.common.dates import DateInFuture, DateTooEarly
from zjtx.common.uscc import InvalidUSCC, normalise_uscc
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Limit, Router, Year, problems
from zjtx.common.workflow import (
    DisburseBody,
    InvalidPayment,
    InvalidTransition,
    RecoveryBody,
    RejectBody,
    ReviewBody,
    SameClientApproval,
)

router = Router(prefix="/v1/awards", tags=["awards"])

AwardIdPath = Annotated[uuid.UUID, Path(description="the award's `id`")]
MOVE = problems(AwardNotFound, InvalidTransition)
PAYMENT = problems(AwardNotFound, InvalidTransition, InvalidPayment, DateInFuture, DateTooEarly)


StatusFilter = Annotated[
    Status | None,
    Query(
        description="only awards in this status: computed (the review queue), reviewed, approved, disbursed, "
        "recovery_due, recovered, rejected or revoked"
    ),
]
ReferenceYear = Annotated[
    Year | None, Query(description="only awards whose reference date (the date the rule decided on) is in this year")
]


@router.get(
    "",
    response_model=Page[AwardRead],
    summary="Awards, filtered, oldest first (the review queue: status=computed&district_code=)",
    responses=problems(InvalidCursor, InvalidUSCC),
)
async def list_awards(
    ctx: ReadContext,
    uscc: UsccFilter = None,
    rule: AwardRuleFilter = None,
    status: StatusFilter = None,
    year: ReferenceYear = None,
    district_code: DistrictFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[AwardRead]:
    """The awards, oldest computed first, each with its amount, explanation, funding (F.1) and case handling
    (notes, who reviewed, approved or rejected it). The review queue of a district is
    `?status=computed&district_code=…`: what waits longest comes first."""
    after = _after(decode_cursor(cursor))
    rows = await repository.search(
        ctx.session,
        filters={
            "uscc": normalise_uscc(uscc) if uscc else None,
            "rule": rule,
            "status": status,
            "district_code": district_code,
        },
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
    responses=problems(AwardNotFound),
)
async def get_award(award_id: AwardIdPath, ctx: ReadContext) -> AwardView:
    """The award, and what a reviewer checks of its enterprise (信用核查): whether it is on a credit list
    today and was on the black list on the award's date, its credit list entries and its recognitions."""
    award = await service.get_award(ctx, award_id)
    return award_view(award, await service.enterprise_check(ctx, award), await service.recoveries_of(ctx, award))


@router.post("/{award_id}/review", response_model=AwardRead, summary="Review a computed award", responses=MOVE)
async def review(award_id: AwardIdPath, ctx: ReviewContext, body: ReviewBody | None = None) -> AwardRead:
    """computed → reviewed, with an optional note kept on the award (`review_note`); audited and published."""
    return award_read(await service.review_award(ctx, award_id=award_id, note=body.note if body else None))


@router.post(
    "/{award_id}/approve",
    response_model=AwardRead,
    summary="Approve a reviewed award (another client)",
    responses=problems(AwardNotFound, InvalidTransition, SameClientApproval),
)
async def approve(award_id: AwardIdPath, ctx: ApproveContext, body: ReviewBody | None = None) -> AwardRead:
    """reviewed → approved, by a client other than the reviewer (four eyes: 403 `approver_is_reviewer`), with
    an optional note kept on the award (`approval_note`)."""
    return award_read(await service.approve_award(ctx, award_id=award_id, note=body.note if body else None))


@router.post(
    "/{award_id}/reject",
    response_model=AwardRead,
    summary="Reject a computed or reviewed award: it frees its place; its claim may be filed again with new evidence",
    responses=MOVE,
)
async def reject(award_id: AwardIdPath, body: RejectBody, ctx: ReviewContext) -> AwardRead:
    """computed or reviewed → rejected, final, with the reason (`closed_reason`), who rejected it and when
    (`rejected_by`, `rejected_at`); its claim becomes `rejected_on_review`."""
    return award_read(await settlement.reject_award(ctx, award_id=award_id, reason=body.reason))


@router.post(
    "/{award_id}/disburse",
    response_model=AwardRead,
    summary="Record the payment of an approved award (the finance bureau)",
    responses=PAYMENT,
)
async def disburse(award_id: AwardIdPath, body: DisburseBody, ctx: DisburseContext) -> AwardRead:
    """approved → disbursed, with the treasury's reference and the day paid (not after today, not before the
    approval). Needs `awards:disburse`, which reviewers and approvers do not hold."""
    award = await service.disburse_award(
        ctx, award_id=award_id, payment_reference=body.payment_reference, paid_on=body.paid_on
    )
    return award_read(award)


@router.post(
    "/{award_id}/recovery",
    response_model=AwardRead,
    summary="Record that the amount flagged for recovery (recovery_due) came back: recovered",
    responses=PAYMENT,
)
async def recover(award_id: AwardIdPath, body: RecoveryBody, ctx: DisburseContext) -> AwardRead:
    """recovery_due → recovered, with the treasury's reference and the day the money came back (not after
    today, not before the payment)."""
    award = await service.record_recovery(
        ctx, award_id=award_id, reference=body.recovery_reference, recovered_on=body.recovered_on
    )
    return award_read(award)


@router.post(
    "/{award_id}/recoveries",
    response_model=AwardView,
    status_code=201,
    summary="Record money that came back of an award flagged for recovery (追回), in one payment or several",
    responses=problems(
        AwardNotFound, InvalidTransition, InvalidPayment, DateInFuture, DateTooEarly, errors.RecoveryExceedsDue
    ),
)
async def record_recovery_payment(award_id: AwardIdPath, body: RecoveryCreate, ctx: DisburseContext) -> AwardView:
    """The finance bureau records what came back of an award that is `recovery_due` (paid, and no longer
    (wholly) supported by the facts): an amount at most what is still due back (422 `recovery_exceeds_due`),
    its reference and day. Once the payments add up to what is due, the award is `recovered`; each payment is
    audited, the budget counts what came back. Not `recovery_due`: 409 `invalid_transition`."""
    award = await service.record_recovery_payment(
        ctx,
        award_id=award_id,
        amount_fen=body.amount,
        reference=body.recovery_reference,
        recovered_on=body.recovered_on,
    )
    check = await service.enterprise_check(ctx, award)
    return award_view(award, check, await service.recoveries_of(ctx, award))


def _after(values: list | None) -> tuple | None:
    if values is None:
        return None
    try:
        created_at = datetime.fromisoformat(values[0])
        if created_at.tzinfo is None:
            raise ValueError("naive")
        return created_at, uuid.UUID(values[1])
    except (ValueError, IndexError, TypeError, AttributeError):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged") from None
