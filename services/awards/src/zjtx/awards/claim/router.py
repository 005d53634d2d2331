from __future__ import annotations

from zjtx.awards import errors
from zjtx.awards.claim import service
from zjtx.awards.claim.schemas import ClaimCreate, ClaimRead
from zjtx.awards.deps import ClaimIdPath, ReadContext, WriteContext
from zjtx.common.dates import DateInFuture, DateTooEarly
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.routing import Router, problems

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
async def submit_claim(data: ClaimCreate, ctx: WriteContext) -> ClaimRead:
    """A claim with its evidence, by `rule`: A2.1 new supply to the six clusters' leaders, A2.2 a
    technical upgrade, A3.rent rent of research or production premises, A6.1 a national trade fair's booth
    fee. It is decided at once with every other claim and fact of the enterprise and rule: accepted with
    its award (`award_id`), or rejected with the reason (`reason_code`); the same facts twice never make a
    second award. Refused: an enterprise the registry has not announced (404 `enterprise_not_found`), a year
    not ended (`year_not_ended`), a date after today, an unknown buyer cluster (`cluster_unknown`)."""
    return ClaimRead.model_validate(await service.submit_claim(ctx, data=data), from_attributes=True)


@router.get(
    "/{claim_id}",
    response_model=ClaimRead,
    summary="One claim, its decision and its explanation",
    responses=problems(errors.ClaimNotFound),
)
async def get_claim(claim_id: ClaimIdPath, ctx: ReadContext) -> ClaimRead:
    """The claim as decided now (a later fact may change its decision), with its evidence and explanation;
    404 `claim_not_found` for none."""
    return ClaimRead.model_validate(await service.get_claim(ctx, claim_id), from_attributes=True)
