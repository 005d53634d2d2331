from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from zjtx.awards import errors, exports, paging
from zjtx.awards.award import repository, service
from zjtx.awards.award.schemas import (
    STATUSES_SAID,
    AwardRead,
    AwardView,
    RecoveryCreate,
    Status,
    award_read,
    award_view,
)
from zjtx.awards.deps import (
    ApproveContext,
    AwardIdPath,
    DisburseContext,
    DistrictFilter,
    ReadContext,
    ReviewContext,
    RuleFilter,
)
from zjtx.awards.settlement import service as settlement
from zjtx.common.dates import DateInFuture, DateTooEarly
from zjtx.common.uscc import InvalidUSCC, normalise_uscc
from zjtx.common.web import exports as files
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, UsccFilter, Year, problems
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

StatusFilter = Annotated[
    Status | None, Query(description=f"only awards in this status (`computed`: the review queue): {STATUSES_SAID}")
]
ReferenceYear = Annotated[
    Year | None,
    Query(description="only awards whose reference date (the fact they reward) falls in this year (1949 to 2099)"),
]
MOVE = problems(errors.AwardNotFound, InvalidTransition)
PAYMENT = problems(errors.AwardNotFound, InvalidTransition, DateInFuture, DateTooEarly, InvalidPayment)


@router.get(
    "",
    response_model=Page[AwardRead],
    summary="Awards, filtered, oldest first (the review queue: status=computed&district_code=); "
    "`Accept: text/csv` or .xlsx for the file of them all",
    responses=files.documented(exports.AWARDS, InvalidCursor, InvalidUSCC, example=exports.AWARDS_EXAMPLE),
)
async def list_awards(
    request: Request,
    ctx: ReadContext,
    language: ReaderLanguage,
    uscc: UsccFilter = None,
    rule: RuleFilter = None,
    status: StatusFilter = None,
    year: ReferenceYear = None,
    district_code: DistrictFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[AwardRead] | Response:
    """The awards decided (A1–A4, A6.1; the A1.park plaque too), in the order they were computed, each with
    its amount, explanation, F.1 funding split and case handling (notes, who reviewed, approved or rejected
    it). Filters combine; a page holds `limit` awards and `next_cursor` leads to the next. The review queue
    of a district is `?status=computed&district_code=…`: what waits longest comes first.

    With `Accept: text/csv` (UTF-8 with a byte-order mark) or `Accept:
    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (.xlsx), the file of every award the
    filters match (`limit` and `cursor` do not apply), with Chinese headers: amounts and each funder's share
    in yuan, districts by name, dates ISO; more rows than EXPORT_MAX_ROWS (100,000) is 422
    `export_too_large`. Another `Accept` is 406 `not_acceptable`."""
    media = files.requested(request)
    after = paging.after_created(cursor) if media == files.JSON else None  # a file holds every row
    filters = {
        "uscc": normalise_uscc(uscc) if uscc else None,
        "rule": rule,
        "status": status,
        "district_code": district_code,
    }
    if media != files.JSON:
        every = files.in_batches(
            lambda last, size: repository.search(ctx.session, filters=filters, year=year, limit=size, after=last),
            key=lambda award: (award.created_at, award.id),
        )
        day, table = ctx.today(), exports.AWARDS
        return await files.export(
            request, table, media, every, name=f"{table.name}-{day}", title=f"{table.title}-{day}"
        )
    rows = await repository.search(ctx.session, filters=filters, year=year, limit=limit, after=after)
    next_cursor = paging.created_cursor(rows[-1]) if len(rows) == limit else None
    return Page(items=[award_read(a, language=language) for a in rows], next_cursor=next_cursor)


@router.get(
    "/{award_id}",
    response_model=AwardView,
    summary="One award with its explanation, and its enterprise's credit status and recognitions",
    responses=problems(errors.AwardNotFound),
)
async def get_award(award_id: AwardIdPath, ctx: ReadContext, language: ReaderLanguage) -> AwardView:
    """The award with how it was computed (inputs, parameters read, formula, caps), who funds it (F.1),
    where it stands in review and payment, what came back of it (`recoveries`), and what a reviewer checks
    of its enterprise (信用核查): whether it is on a credit list today and was on the black list on the
    award's date, its credit list entries and its recognitions; 404 `award_not_found` for none."""
    award = await service.get_award(ctx, award_id)
    return award_view(
        award, await service.enterprise_check(ctx, award), await service.recoveries_of(ctx, award), language=language
    )


@router.post(
    "/{award_id}/review",
    response_model=AwardRead,
    summary="Review a computed award: it goes on public notice (公示)",
    responses=problems(errors.AwardNotFound, InvalidTransition),
)
async def review(
    award_id: AwardIdPath, ctx: ReviewContext, language: ReaderLanguage, body: ReviewBody | None = None
) -> AwardRead:
    """computed → reviewed, with an optional note kept on the award (`review_note`); audited and published
    (`awards.award.reviewed`). An award in another status is 409 `invalid_transition`. Reviewing puts the
    award on public notice (P.notice: `GET /v1/public/notices`) from the review day to the N-th working day
    after it (`notice_starts_on`, `notice_ends_on`; N the parameter `public_notice`, default 5). While the
    public holidays of the year the notice ends in are not on record, `notice_ends_on` is null: the notice
    runs on, and its last day is worked out once they are (approval waits for it)."""
    return award_read(
        await service.review_award(ctx, award_id=award_id, note=body.note if body else None), language=language
    )


@router.post(
    "/{award_id}/approve",
    response_model=AwardRead,
    summary="Approve a reviewed award (another client), after its public notice",
    responses=problems(
        errors.AwardNotFound,
        InvalidTransition,
        SameClientApproval,
        errors.NoticePeriodRunning,
        errors.ObjectionOpen,
    ),
)
async def approve(
    award_id: AwardIdPath, ctx: ApproveContext, language: ReaderLanguage, body: ReviewBody | None = None
) -> AwardRead:
    """reviewed → approved, by a client other than the reviewer (four eyes: 403 `approver_is_reviewer`), with
    an optional note kept on the award (`approval_note`); audited and published (`awards.award.approved`).
    Not before the day after the last notice day (409 `notice_period_running`), nor while an objection is
    open (409 `objection_open`)."""
    return award_read(
        await service.approve_award(ctx, award_id=award_id, note=body.note if body else None), language=language
    )


@router.post(
    "/{award_id}/reject",
    response_model=AwardRead,
    summary="Reject a computed or reviewed award: it frees its place; its claim may be filed again with new evidence",
    responses=MOVE,
)
async def reject(award_id: AwardIdPath, body: RejectBody, ctx: ReviewContext, language: ReaderLanguage) -> AwardRead:
    """computed or reviewed → rejected, with the reason (`closed_reason`), who rejected it and when
    (`rejected_by`, `rejected_at`): final. The place the award held (one award per enterprise and
    recognition, project or year) is freed, and a claim that brought it is `rejected_on_review`."""
    return award_read(await settlement.reject_award(ctx, award_id=award_id, reason=body.reason), language=language)


@router.post(
    "/{award_id}/disburse",
    response_model=AwardRead,
    summary="Record the payment of an approved award (the finance bureau), within the funders' appropriations",
    responses=problems(
        errors.AwardNotFound,
        InvalidTransition,
        DateInFuture,
        DateTooEarly,
        InvalidPayment,
        errors.AppropriationExceeded,
    ),
)
async def disburse(
    award_id: AwardIdPath, body: DisburseBody, ctx: DisburseContext, language: ReaderLanguage
) -> AwardRead:
    """approved → disbursed, with the treasury's reference and the day paid (not after today, not before the
    approval); published as `awards.award.disbursed`. F.1: the city's half and the district's half must each
    fit what that funder has left of its appropriations for the fiscal year of `paid_on` (409
    `appropriation_exceeded`, nothing recorded; a funder with no appropriation for that year has nothing
    left). A plaque (A1.park) is conferred, not paid: 409. Needs
    `awards:disburse` (the finance bureau), which reviewers and approvers do not hold."""
    award = await service.disburse_award(
        ctx, award_id=award_id, payment_reference=body.payment_reference, paid_on=body.paid_on
    )
    return award_read(award, language=language)


@router.post(
    "/{award_id}/recovery",
    response_model=AwardRead,
    summary="Record that the amount flagged for recovery (recovery_due) came back: recovered",
    responses=PAYMENT,
)
async def recover(
    award_id: AwardIdPath, body: RecoveryBody, ctx: DisburseContext, language: ReaderLanguage
) -> AwardRead:
    """recovery_due → recovered, with the treasury's reference of the money returned and the day it came
    back (not after today, not before the payment). Needs `awards:disburse` (the finance bureau)."""
    award = await service.record_recovery(
        ctx, award_id=award_id, reference=body.recovery_reference, recovered_on=body.recovered_on
    )
    return award_read(award, language=language)


@router.post(
    "/{award_id}/recoveries",
    response_model=AwardView,
    status_code=201,
    summary="Record money that came back of an award flagged for recovery (追回), in one payment or several",
    responses=problems(
        errors.AwardNotFound,
        InvalidTransition,
        InvalidPayment,
        DateInFuture,
        DateTooEarly,
        errors.RecoveryExceedsDue,
    ),
)
async def record_recovery_payment(
    award_id: AwardIdPath, body: RecoveryCreate, ctx: DisburseContext, language: ReaderLanguage
) -> AwardView:
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
    return award_view(award, check, await service.recoveries_of(ctx, award), language=language)
