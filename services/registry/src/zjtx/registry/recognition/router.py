from __future__ import annotations

import uuid

from fastapi import APIRouter

from zjtx.common.kit import TransactionalRoute
from zjtx.registry.deps import ReadContext, WriteContext
from zjtx.registry.recognition import service
from zjtx.registry.recognition.schemas import RecognitionCreate, RecognitionRead, RecognitionRevoke

router = APIRouter(prefix="/v1/enterprises/{uscc}/recognitions", tags=["recognitions"], route_class=TransactionalRoute)


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
