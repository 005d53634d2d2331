"""Dispute use cases: raise one (resolved or not), resolve an open one."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.common.kit.context import Context
from zjtx.common.rules import yuan
from zjtx.common.web.audit import record_audit
from zjtx.payments_watch import errors
from zjtx.payments_watch.contract import recompute, repository
from zjtx.payments_watch.contract.models import Contract, Dispute, Payable
from zjtx.payments_watch.contract.schemas import DisputeCreate, DisputeResolve
from zjtx.payments_watch.contract.service import get_contract
from zjtx.payments_watch.risk import service as risk_service


async def raise_dispute(ctx: Context, *, contract_no: str, data: DisputeCreate) -> tuple[Contract, Dispute]:
    contract = await get_contract(ctx, contract_no, for_update=True)
    _check_dates(ctx, contract, data.raised_on, data.resolved_on)
    if data.upheld_amount is not None and data.resolved_on is None:
        raise errors.InconsistentTerms(
            "upheld_amount is given without resolved_on",
            detail_zh="给出了认定金额（upheld_amount），但没有解决日期（resolved_on）",
        )
    facts = await repository.facts_of(ctx.session, contract.id)
    payable = _payable(contract_no, facts.payables, data.payable_id)
    if data.raised_on < payable.basis_on:
        raise errors.DisputeBeforePayable(
            f"raised on {data.raised_on}, before the payable arose ({payable.basis_on})",
            detail_zh=f"争议提出日{data.raised_on}早于应付款项产生之日（{payable.basis_on}）",
        )
    open_disputed = sum(d.amount_fen for d in facts.disputes if d.payable_id == payable.id and d.resolved_on is None)
    if open_disputed + data.amount > payable.amount_fen:
        raise errors.DisputeExceedsPayable(
            f"{yuan(open_disputed + data.amount)} disputed of a payable of {yuan(payable.amount_fen)}"
        )
    _upheld_within(data.upheld_amount, data.amount)
    dispute = Dispute(
        id=uuid.uuid4(),
        contract_id=contract.id,
        payable_id=payable.id,
        amount_fen=data.amount,
        raised_on=data.raised_on,
        resolved_on=data.resolved_on,
        upheld_fen=None
        if data.resolved_on is None
        else (data.amount if data.upheld_amount is None else data.upheld_amount),
    )
    await repository.add(ctx.session, dispute)
    await _audit(ctx, contract, "contract.dispute", None, _view(dispute))
    await recompute.refresh(ctx, contract)
    await risk_service.refresh_buyer(ctx, contract.buyer_code)
    return contract, dispute


async def resolve_dispute(
    ctx: Context, *, contract_no: str, dispute_id: uuid.UUID, data: DisputeResolve
) -> tuple[Contract, Dispute]:
    contract = await get_contract(ctx, contract_no, for_update=True)
    dispute = await repository.get_row(ctx.session, Dispute, dispute_id, contract.id, for_update=True)
    if dispute is None:
        raise errors.DisputeNotFound(
            f"{contract_no} has no dispute {dispute_id}", detail_zh=f"合同{contract_no}没有争议{dispute_id}"
        )
    if dispute.resolved_on is not None:
        raise errors.DisputeAlreadyResolved(
            f"resolved on {dispute.resolved_on}", detail_zh=f"该争议已于{dispute.resolved_on}解决"
        )
    _check_dates(ctx, contract, dispute.raised_on, data.resolved_on)
    _upheld_within(data.upheld_amount, dispute.amount_fen)
    before = _view(dispute)
    dispute.resolved_on = data.resolved_on
    dispute.upheld_fen = dispute.amount_fen if data.upheld_amount is None else data.upheld_amount
    await ctx.session.flush()
    await _audit(ctx, contract, "contract.dispute_resolved", before, _view(dispute))
    await recompute.refresh(ctx, contract)  # refuses a resolution that leaves less owed than was paid
    await risk_service.refresh_buyer(ctx, contract.buyer_code)
    return contract, dispute


def _payable(contract_no: str, payables, payable_id: uuid.UUID | None) -> Payable:
    if payable_id is not None:
        for payable in payables:
            if payable.id == payable_id:
                return payable
        raise errors.PayableNotFound(
            f"{contract_no} has no payable {payable_id}", detail_zh=f"合同{contract_no}没有应付款项{payable_id}"
        )
    if not payables:
        raise errors.PayableNotFound(
            f"nothing is owed on {contract_no} yet: record the delivery first",
            detail_zh=f"合同{contract_no}尚无应付款项：请先登记交付",
        )
    if len(payables) > 1:
        raise errors.PayableRequired(
            f"{contract_no} has {len(payables)} payables: give payable_id",
            detail_zh=f"合同{contract_no}有{len(payables)}笔应付款项：请指明payable_id",
        )
    return payables[0]


def _check_dates(ctx: Context, contract: Contract, raised_on: date, resolved_on: date | None) -> None:
    today = ctx.today()
    for name, day in (("raised_on", raised_on), ("resolved_on", resolved_on)):
        if day is not None and day > today:
            raise errors.DateInFuture(
                f"{name} {day} is after today ({today})", detail_zh=f"{name} {day}晚于今天（{today}）"
            )
    if raised_on < contract.signed_on:
        raise errors.DateBeforeSigning(
            f"raised_on {raised_on} is before the signing ({contract.signed_on})",
            detail_zh=f"争议提出日{raised_on}早于合同签订日（{contract.signed_on}）",
        )
    if resolved_on is not None and resolved_on < raised_on:
        raise errors.InconsistentTerms(
            f"resolved_on {resolved_on} is before raised_on {raised_on}",
            detail_zh=f"解决日{resolved_on}早于提出日{raised_on}",
        )


def _upheld_within(upheld: int | None, amount: int) -> None:
    if upheld is not None and upheld > amount:
        raise errors.InconsistentTerms(
            f"upheld {yuan(upheld)} is more than the {yuan(amount)} disputed",
            detail_zh=f"认定金额{yuan(upheld)}元超过争议金额{yuan(amount)}元",
        )


def _view(dispute: Dispute) -> dict:
    return {
        "id": str(dispute.id),
        "payable_id": str(dispute.payable_id),
        "amount_fen": dispute.amount_fen,
        "raised_on": dispute.raised_on.isoformat(),
        "resolved_on": None if dispute.resolved_on is None else dispute.resolved_on.isoformat(),
        "upheld_fen": dispute.upheld_fen,
    }


async def _audit(ctx: Context, contract: Contract, action: str, before, after) -> None:
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action=action,
        entity_type="contract",
        entity_id=contract.contract_no,
        before=before,
        after=after,
    )
