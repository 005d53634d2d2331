from __future__ import annotations

from zjtx.common.web.routing import Router, problems
from zjtx.payments_watch import errors
from zjtx.payments_watch.contract.schemas import DisputeCreate, DisputeRead, DisputeResolve
from zjtx.payments_watch.deps import ContractNoPath, DisputeIdPath, WriteContext
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
    responses=problems(
        errors.ContractNotFound,
        errors.PayableNotFound,
        errors.PayableRequired,
        errors.DateInFuture,
        errors.DateBeforeSigning,
        errors.InconsistentTerms,
        errors.DisputeBeforePayable,
        errors.DisputeExceedsPayable,
        errors.Overpayment,
    ),
)
async def raise_dispute(contract_no: ContractNoPath, data: DisputeCreate, ctx: WriteContext) -> DisputeRead:
    """A dispute holds its part of a payable back from the day it is raised; the undisputed part still falls due
    (2025 text, art. 15). Given resolved, it is resolved at once (see the resolution). A contract with several
    payables needs `payable_id` (`payable_required`)."""
    contract, dispute = await service.raise_dispute(ctx, contract_no=contract_no, data=data)
    return _read(contract.contract_no, dispute)


@router.post(
    "/{contract_no}/disputes/{dispute_id}/resolution",
    response_model=DisputeRead,
    summary="Resolve an open dispute: what of it is owed falls due on the resolution day",
    responses=problems(
        errors.ContractNotFound,
        errors.DisputeNotFound,
        errors.DisputeAlreadyResolved,
        errors.DateInFuture,
        errors.InconsistentTerms,
        errors.Overpayment,
    ),
)
async def resolve(
    contract_no: ContractNoPath, dispute_id: DisputeIdPath, data: DisputeResolve, ctx: WriteContext
) -> DisputeRead:
    """The part found owed (`upheld_amount`, all of it by default) is due on the resolution day; the rest is no
    longer owed. A resolution that leaves less owed than was already paid is 422 `overpayment`."""
    contract, dispute = await service.resolve_dispute(ctx, contract_no=contract_no, dispute_id=dispute_id, data=data)
    return _read(contract.contract_no, dispute)
