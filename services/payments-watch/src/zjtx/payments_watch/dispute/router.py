from __future__ import annotations

import uuid

from zjtx.common.web.routing import Router
from zjtx.payments_watch.contract.schemas import DisputeCreate, DisputeRead, DisputeResolve
from zjtx.payments_watch.deps import WriteContext
from zjtx.payments_watch.dispute import service

router = Router(prefix="/v1/contracts", tags=["contracts"])


def _read(contract_no: str, dispute) -> DisputeRead:
    return DisputeRead(
        id=dispute.id,
        contract_no=contract_no,
        payable_id=dispute.payable_id,
        amount=dispute.amount_fen,
        raised_on=dispute.raised_on,
        resolved_on=dispute.resolved_on,
        upheld_amount=dispute.upheld_fen,
    )


@router.post(
    "/{contract_no}/disputes",
    status_code=201,
    response_model=DisputeRead,
    summary="Record a dispute on part of a payable (held back while open; the rest still falls due)",
)
async def raise_dispute(contract_no: str, data: DisputeCreate, ctx: WriteContext) -> DisputeRead:
    contract, dispute = await service.raise_dispute(ctx, contract_no=contract_no, data=data)
    return _read(contract.contract_no, dispute)


@router.post(
    "/{contract_no}/disputes/{dispute_id}/resolution",
    response_model=DisputeRead,
    summary="Resolve an open dispute: what of it is owed falls due on the resolution day",
)
async def resolve(contract_no: str, dispute_id: uuid.UUID, data: DisputeResolve, ctx: WriteContext) -> DisputeRead:
    contract, dispute = await service.resolve_dispute(ctx, contract_no=contract_no, dispute_id=dispute_id, data=data)
    return _read(contract.contract_no, dispute)
