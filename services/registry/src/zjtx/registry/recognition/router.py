from __future__ import annotations

from zjtx.common.dates import DateInFuture, DateTooEarly
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web import paging
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, UsccPath, problems
from zjtx.registry import errors
from zjtx.registry.deps import ReadContext, RecognitionIdPath, WriteContext
from zjtx.registry.recognition import service
from zjtx.registry.recognition.schemas import RecognitionCreate, RecognitionRead, RecognitionRevoke, RecognitionWithdraw

router = Router(prefix="/v1/enterprises/{uscc}/recognitions", tags=["recognitions"])

ONE = (InvalidUSCC, errors.EnterpriseNotFound)


@router.post(
    "",
    status_code=201,
    response_model=RecognitionRead,
    summary="Record a recognition (or its renewal)",
    responses=problems(
        *ONE,
        DateInFuture,
        DateTooEarly,
        errors.ExpiryBeforeRecognition,
        errors.ExpiryRequired,
        errors.RecognitionAlreadyLive,
    ),
)
async def grant_recognition(uscc: UsccPath, data: RecognitionCreate, ctx: WriteContext) -> RecognitionRead:
    """A recognition of a tier (A1.1, A1.2), valid from `recognized_on` until `expires_on` (by default the
    tier's validity later), published (`registry.recognition.granted`, or `renewed`). A renewal replaces the
    valid one of its tier (which becomes `renewed`); a second valid one of a tier that is not a renewal is 409
    `recognition_already_live`."""
    recognition = await service.grant_recognition(ctx, uscc=uscc, data=data)
    return RecognitionRead.model_validate(recognition, from_attributes=True)


@router.get(
    "",
    response_model=Page[RecognitionRead],
    summary="An enterprise's recognitions, oldest first",
    responses=problems(*ONE, InvalidCursor),
)
async def list_recognitions(
    uscc: UsccPath, ctx: ReadContext, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[RecognitionRead]:
    """Every recognition the enterprise was granted, in the order of their dates, whatever their status
    (valid, renewed, expired, revoked, withdrawn)."""
    after = paging.after(cursor, paging.day, paging.identifier)
    rows = await service.list_recognitions(ctx, uscc=uscc, limit=limit, after=after)
    return Page(
        items=[RecognitionRead.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=paging.next_cursor(rows, limit, lambda r: [r.recognized_on.isoformat(), str(r.id)]),
    )


@router.post(
    "/{recognition_id}/revoke",
    response_model=RecognitionRead,
    summary="Revoke a recognition",
    responses=problems(
        *ONE,
        DateInFuture,
        DateTooEarly,
        errors.RecognitionNotFound,
        errors.RecognitionNotValid,
        errors.RevocationBeforeRecognition,
    ),
)
async def revoke_recognition(
    uscc: UsccPath, recognition_id: RecognitionIdPath, data: RecognitionRevoke, ctx: WriteContext
) -> RecognitionRead:
    """A valid recognition revoked from `revoked_on` with its reason, and published
    (`registry.recognition.revoked`); one that is not valid any more is 409 `recognition_not_valid`."""
    recognition = await service.revoke_recognition(ctx, uscc=uscc, recognition_id=recognition_id, data=data)
    return RecognitionRead.model_validate(recognition, from_attributes=True)


@router.post(
    "/{recognition_id}/withdraw",
    response_model=RecognitionRead,
    summary="Withdraw a recognition recorded in error (a correction)",
    responses=problems(*ONE, errors.RecognitionNotFound, errors.RecognitionWithdrawn),
)
async def withdraw_recognition(
    uscc: UsccPath,
    recognition_id: RecognitionIdPath,
    data: RecognitionWithdraw,
    ctx: WriteContext,
) -> RecognitionRead:
    """The recognition was recorded in error (a wrong enterprise, tier or date): it becomes `withdrawn` with
    the reason, whatever its status, and counts for nothing from then on. Audited and published
    (`registry.recognition.withdrawn`): the awards it brought are taken back (an unpaid one revoked, a paid
    one flagged `recovery_due`). Unlike a revocation (misconduct, from a date), it has no date: it never
    held. Withdrawn already: 409 `recognition_withdrawn`."""
    recognition = await service.withdraw_recognition(ctx, uscc=uscc, recognition_id=recognition_id, data=data)
    return RecognitionRead.model_validate(recognition, from_attributes=True)
