from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path

from zjtx.common.uscc import USCC_DESCRIPTION, InvalidUSCC
from zjtx.common.web.routing import Router, problems
from zjtx.registry import errors
from zjtx.registry.deps import ReadContext, WriteContext
from zjtx.registry.recognition import service
from zjtx.registry.recognition.schemas import RecognitionCreate, RecognitionRead, RecognitionRevoke, RecognitionWithdraw

router = Router(prefix="/v1/enterprises/{uscc}/recognitions", tags=["recognitions"])


@router.post("", status_code=201, response_model=RecognitionRead, summary="Record a recognition (or its renewal)")
async def grant_recognition(uscc: str, data: RecognitionCreate, ctx: WriteContext) -> RecognitionRead:
    recognition = await service.grant_recognition(ctx, uscc=uscc, data=data)
    return RecognitionRead.model_validate(recognition, from_attributes=True)


@router.get("", response_model=list[RecognitionRead], summary="An enterprise's recognitions, oldest first")
async def list_recognitions(uscc: str, ctx: ReadContext) -> list[RecognitionRead]:
    return [
        RecognitionRead.model_validate(r, from_attributes=True) for r in await service.list_recognitions(ctx, uscc=uscc)
    ]


@router.post("/{recognition_id}/revoke", response_model=RecognitionRead, summary="Revoke a recognition")
async def revoke_recognition(
    uscc: str, recognition_id: uuid.UUID, data: RecognitionRevoke, ctx: WriteContext
) -> RecognitionRead:
    recognition = await service.revoke_recognition(ctx, uscc=uscc, recognition_id=recognition_id, data=data)
    return RecognitionRead.model_validate(recognition, from_attributes=True)


@router.post(
    "/{recognition_id}/withdraw",
    response_model=RecognitionRead,
    summary="Withdraw a recognition recorded in error (a correction)",
    responses=problems(InvalidUSCC, errors.EnterpriseNotFound, errors.RecognitionNotFound, errors.RecognitionWithdrawn),
)
async def withdraw_recognition(
    uscc: Annotated[str, Path(max_length=40, description=f"the enterprise's {USCC_DESCRIPTION}")],
    recognition_id: Annotated[uuid.UUID, Path(description="the recognition's `id`")],
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
