from __future__ import annotations

import uuid

from fastapi import APIRouter

from zjtx.awards.claim import service
from zjtx.awards.claim.schemas import ClaimCreate, ClaimRead
from zjtx.awards.deps import ReadContext, WriteContext
from zjtx.common.kit import TransactionalRoute

router = APIRouter(prefix="/v1/claims", tags=["claims"], route_class=TransactionalRoute)


@router.post(
    "",
    status_code=201,
    response_model=ClaimRead,
    summary="Claim an award (A2.1, A2.2, A3.rent, A6.1); a claim not eligible is stored as rejected",
)
async def submit_claim(data: ClaimCreate, ctx: WriteContext) -> ClaimRead:
    return ClaimRead.model_validate(await service.submit_claim(ctx, data=data), from_attributes=True)


@router.get("/{claim_id}", response_model=ClaimRead, summary="One claim, its decision and its explanation")
async def get_claim(claim_id: uuid.UUID, ctx: ReadContext) -> ClaimRead:
    return ClaimRead.model_validate(await service.get_claim(ctx, claim_id), from_attributes=True)
