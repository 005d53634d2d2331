"""Contract use cases: register a contract, record what happens to it, read it as of a date. Every write
locks the contract, records its fact, refreshes the contract's derived state (contract.recompute),
audits, publishes, and keeps the buyer's risk current, in the request's transaction: all or nothing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from zjtx.common.events import payments as payment_events
from zjtx.common.kit.context import Context
from zjtx.common.messaging import add_event
from zjtx.common.money import fen_to_yuan
from zjtx.common.rules import yuan
from zjtx.common.uscc import normalise_uscc
from zjtx.common.web.audit import record_audit
from zjtx.payments_watch import SERVICE_NAME, errors
from zjtx.payments_watch.buyer import repository as buyer_repository
from zjtx.payments_watch.buyer.service import normalise_code
from zjtx.payments_watch.contract import recompute, repository
from zjtx.payments_watch.contract.models import Acceptance, Contract, Delivery, Payable, Payment, Settlement
from zjtx.payments_watch.contract.schemas import (
    AcceptanceCreate,
    ContractCreate,
    DeliveryCreate,
    PaymentCreate,
    SettlementCreate,
)
from zjtx.payments_watch.lpr import repository as lpr_repository
from zjtx.payments_watch.risk import service as risk_service
from zjtx.payments_watch.rules.balance import Ledger
from zjtx.payments_watch.rules.payable import ContractState, evaluate
from zjtx.payments_watch.rules.terms import classify
from zjtx.payments_watch.seller import repository as seller_repository


async def register_contract(ctx: Context, *, data: ContractCreate) -> Contract:
    buyer_code, seller_uscc = normalise_code(data.buyer_code), normalise_uscc(data.seller_uscc)
    _not_after_today(ctx, data.signed_on, "signed_on")
    acceptance_required = bool(data.acceptance_required)
    if data.acceptance_period_days is not None and not acceptance_required:
        raise errors.InconsistentTerms(
            "acceptance_period_days is given but acceptance_required is not true",
            detail_zh="给出了验收期限（acceptance_period_days），但未约定以验收为付款条件（acceptance_required）",
        )
    buyer = await buyer_repository.get(ctx.session, buyer_code)
    if buyer is None:
        raise errors.BuyerUnknown(
            f"no buyer {buyer_code}: register it first (POST /v1/buyers)",
            detail_zh=f"没有买方{buyer_code}：请先登记（POST /v1/buyers）",
        )
    if await seller_repository.get(ctx.session, seller_uscc) is None:
        raise errors.SellerUnknown(
            f"the registry has not reported {seller_uscc}: register the enterprise there first",
            detail_zh=f"企业库尚未报送{seller_uscc}：请先在企业库登记该企业",
        )
    size = await seller_repository.size_on(ctx.session, seller_uscc, data.signed_on)
    values = {
        "id": uuid.uuid4(),
        "contract_no": data.contract_no,
        "buyer_code": buyer.code,
        "buyer_kind": buyer.kind,
        "seller_uscc": seller_uscc,
        "amount_fen": data.amount,
        "subject": data.subject,
        "signed_on": data.signed_on,
        "agreed_term_days": data.agreed_term_days,
        "acceptance_required": acceptance_required,
        "acceptance_period_days": data.acceptance_period_days,
        "periodic_settlement": bool(data.periodic_settlement),
        "agreed_overdue_rate": data.agreed_overdue_rate,
        "pay_when_paid_clause": bool(data.pay_when_paid_clause),
        **recompute.size_columns(size),
    }
    draft = Contract(**values)
    classification = classify(
        recompute.terms_of(draft), parameters=ctx.parameters, lpr=await lpr_repository.lpr_table(ctx.session)
    )
    values |= recompute.classification_columns(classification, ctx.parameters.version)
    if await repository.add_contract(ctx.session, values) is None:
        raise errors.ContractExists(
            f"{data.contract_no} is already registered", detail_zh=f"合同{data.contract_no}已登记"
        )
    reading = {
        "regulation_version": classification.regulation_version,
        "seller_size_at_signing": values["seller_size_at_signing"],
        "monitored": classification.monitored,
        "not_monitored_reason": classification.not_monitored_reason,
        "flags": classification.flags,
        "term_days": classification.term_days,
    }
    await _audit(ctx, draft, "contract.register", data.model_dump(mode="json") | reading)
    contract = await repository.get_by_no(ctx.session, data.contract_no)
    assert contract is not None
    return contract


async def get_contract(ctx: Context, contract_no: str, *, for_update: bool = False) -> Contract:
    contract = await repository.get_by_no(ctx.session, contract_no, for_update=for_update)
    if contract is None:
        raise errors.ContractNotFound(f"no contract {contract_no}", detail_zh=f"没有合同{contract_no}")
    return contract


async def contract_as_of(
    ctx: Context, contract_no: str, *, as_of: date | None
) -> tuple[Contract, recompute.Loaded, ContractState]:
    contract = await get_contract(ctx, contract_no)
    loaded = await recompute.load(ctx, contract)
    state = evaluate(
        loaded.terms,
        loaded.classification,
        loaded.payables,
        as_of=as_of or ctx.today(),
        calendar=recompute.calendar(),
        parameters=ctx.parameters,
    )
    return contract, loaded, state


async def list_contracts(
    ctx: Context,
    *,
    buyer_code: str | None,
    seller_uscc: str | None,
    overdue: bool | None,
    after: str | None,
    limit: int,
) -> tuple[Sequence[Contract], dict[uuid.UUID, int]]:
    day = ctx.today()
    rows = await repository.search(
        ctx.session,
        buyer_code=None if buyer_code is None else normalise_code(buyer_code),
        seller_uscc=None if seller_uscc is None else normalise_uscc(seller_uscc),
        overdue=overdue,
        day=day,
        after=after,
        limit=limit,
    )
    amounts = await repository.overdue_of_contracts(ctx.session, [c.id for c in rows], day) if rows else {}
    return rows, amounts


# -- what happens to a contract ---------------------------------------------------------------------


async def record_delivery(ctx: Context, *, contract_no: str, data: DeliveryCreate) -> tuple[Delivery, Payable | None]:
    contract = await get_contract(ctx, contract_no, for_update=True)
    _not_after_today(ctx, data.delivered_on, "delivered_on")
    if data.delivered_on < contract.signed_on:
        raise errors.DeliveryBeforeSigning(
            f"delivered on {data.delivered_on}, signed on {contract.signed_on}",
            detail_zh=f"交付日{data.delivered_on}早于合同签订日{contract.signed_on}",
        )
    facts = await repository.facts_of(ctx.session, contract.id)
    _within_amount(contract, [d.amount_fen for d in facts.deliveries], data.amount, "deliveries")
    delivery = Delivery(
        id=uuid.uuid4(), contract_id=contract.id, delivered_on=data.delivered_on, amount_fen=data.amount
    )
    await repository.add(ctx.session, delivery)
    payable = None
    if not contract.periodic_settlement:  # under periodic settlement, settlements make the payables
        payable = _payable(contract, "delivery", data.delivered_on, data.amount, delivery_id=delivery.id)
        await repository.add(ctx.session, payable)
    await _audit(ctx, contract, "contract.delivery", {"id": str(delivery.id), **data.model_dump(mode="json")})
    await _after_change(ctx, contract)
    return delivery, payable


async def record_acceptance(
    ctx: Context, *, contract_no: str, data: AcceptanceCreate
) -> tuple[Acceptance, list[uuid.UUID]]:
    """A10.3: acceptance of one delivery, or of every delivery not yet accepted up to that day."""
    contract = await get_contract(ctx, contract_no, for_update=True)
    if not contract.acceptance_required:
        raise errors.AcceptanceNotRequired(
            f"{contract_no} does not make acceptance a condition of payment",
            detail_zh=f"合同{contract_no}未约定以验收为付款条件",
        )
    _not_after_today(ctx, data.accepted_on, "accepted_on")
    deliveries = (await repository.facts_of(ctx.session, contract.id)).deliveries
    if data.delivery_id is not None:
        chosen = [d for d in deliveries if d.id == data.delivery_id]
        if not chosen:
            raise errors.DeliveryNotFound(
                f"{contract_no} has no delivery {data.delivery_id}",
                detail_zh=f"合同{contract_no}没有交付记录{data.delivery_id}",
            )
        if chosen[0].accepted_on is not None:
            raise errors.AlreadyAccepted(
                f"delivery {data.delivery_id} was accepted on {chosen[0].accepted_on}",
                detail_zh=f"交付{data.delivery_id}已于{chosen[0].accepted_on}验收",
            )
    else:
        chosen = [d for d in deliveries if d.accepted_on is None]
        if not chosen:
            raise errors.AlreadyAccepted(
                f"every delivery on {contract_no} is already accepted", detail_zh=f"合同{contract_no}的交付均已验收"
            )
    accepted = [d for d in chosen if d.delivered_on <= data.accepted_on]
    if not accepted:
        first = min(d.delivered_on for d in chosen)
        raise errors.AcceptanceBeforeDelivery(
            f"accepted on {data.accepted_on}, the delivery is of {first}",
            detail_zh=f"验收日{data.accepted_on}早于交付日{first}",
        )
    acceptance = Acceptance(id=uuid.uuid4(), contract_id=contract.id, accepted_on=data.accepted_on)
    await repository.add(ctx.session, acceptance)
    for delivery in accepted:
        delivery.accepted_on, delivery.acceptance_id = data.accepted_on, acceptance.id
    await ctx.session.flush()
    ids = [d.id for d in accepted]
    await _audit(
        ctx,
        contract,
        "contract.acceptance",
        {"id": str(acceptance.id), "accepted_on": data.accepted_on.isoformat(), "deliveries": [str(i) for i in ids]},
    )
    await _after_change(ctx, contract)
    return acceptance, ids


async def record_settlement(ctx: Context, *, contract_no: str, data: SettlementCreate) -> tuple[Settlement, Payable]:
    contract = await get_contract(ctx, contract_no, for_update=True)
    if not contract.periodic_settlement:
        raise errors.NotPeriodicSettlement(
            f"{contract_no} does not settle periodically: record deliveries",
            detail_zh=f"合同{contract_no}不按定期结算：请登记交付",
        )
    _not_after_today(ctx, data.confirmed_on, "confirmed_on")
    _not_before_signing(contract, data.confirmed_on, "confirmed_on")
    facts = await repository.facts_of(ctx.session, contract.id)
    _within_amount(contract, [p.amount_fen for p in facts.payables], data.amount, "settlements")
    settlement = Settlement(
        id=uuid.uuid4(), contract_id=contract.id, confirmed_on=data.confirmed_on, amount_fen=data.amount
    )
    await repository.add(ctx.session, settlement)
    payable = _payable(contract, "settlement", data.confirmed_on, data.amount, settlement_id=settlement.id)
    await repository.add(ctx.session, payable)
    await _audit(ctx, contract, "contract.settlement", {"id": str(settlement.id), **data.model_dump(mode="json")})
    await _after_change(ctx, contract)
    return settlement, payable


@dataclass(frozen=True)
class PaidPart:
    payable_id: uuid.UUID
    amount_fen: int
    days_late: int


async def record_payment(ctx: Context, *, contract_no: str, data: PaymentCreate) -> tuple[Payment, list[PaidPart]]:
    """A payment pays the oldest payables first; each payable it pays publishes `payments.payable.paid`.
    More than is owed is refused (`overpayment`)."""
    contract = await get_contract(ctx, contract_no, for_update=True)
    _not_after_today(ctx, data.paid_on, "paid_on")
    _not_before_signing(contract, data.paid_on, "paid_on")
    reference = data.reference.strip()
    if await repository.payment_reference_used(ctx.session, contract.id, reference):
        raise errors.PaymentReferenceExists(
            f"{reference} is already recorded on {contract_no}", detail_zh=f"合同{contract_no}已登记付款凭证{reference}"
        )
    payment = Payment(
        id=uuid.uuid4(), contract_id=contract.id, paid_on=data.paid_on, amount_fen=data.amount, reference=reference
    )
    await repository.add(ctx.session, payment)
    loaded = await recompute.refresh(ctx, contract)
    await _audit(ctx, contract, "contract.payment", {"id": str(payment.id), **data.model_dump(mode="json")})
    parts: list[PaidPart] = []
    for payable in loaded.payables:
        for part in payable.allocations:
            if part.payment_id != payment.id:
                continue
            due_on = await _due_of(ctx, payable.payable_id)
            paid = PaidPart(
                payable.payable_id, part.amount_fen, 0 if due_on is None else max(0, (part.paid_on - due_on).days)
            )
            parts.append(paid)
            ledger = Ledger(payable.amount_fen, payable.allocations, payable.disputes)
            await add_event(
                ctx.session,
                payment_events.PAYABLE_PAID,
                key=contract.contract_no,
                payload=payment_events.PayablePaid(
                    payable_id=payable.payable_id,
                    contract_no=contract.contract_no,
                    buyer_code=contract.buyer_code,
                    seller_uscc=contract.seller_uscc,
                    amount_paid=fen_to_yuan(part.amount_fen),
                    paid_on=part.paid_on,
                    outstanding=fen_to_yuan(ledger.outstanding_on(max(ctx.today(), part.paid_on))),
                    days_late=paid.days_late,
                ),
                producer=SERVICE_NAME,
                occurred_at=ctx.clock.now(),
            )
    await risk_service.refresh_buyer(ctx, contract.buyer_code)
    return payment, parts


async def _due_of(ctx: Context, payable_id: uuid.UUID) -> date | None:
    payable = await ctx.session.get(Payable, payable_id, populate_existing=True)
    return None if payable is None else payable.due_on


def _payable(contract: Contract, source: str, basis_on: date, amount_fen: int, **source_id) -> Payable:
    return Payable(
        id=uuid.uuid4(),
        contract_id=contract.id,
        source=source,
        basis_on=basis_on,
        amount_fen=amount_fen,
        clock_basis="delivery",
        due_on_provisional=False,
        paid_fen=0,
        **source_id,
    )


async def _after_change(ctx: Context, contract: Contract) -> recompute.Loaded:
    loaded = await recompute.refresh(ctx, contract)
    await risk_service.refresh_buyer(ctx, contract.buyer_code)
    return loaded


async def _audit(ctx: Context, contract: Contract, action: str, after: dict) -> None:
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action=action,
        entity_type="contract",
        entity_id=contract.contract_no,
        before=None,
        after=after,
    )


def _not_after_today(ctx: Context, day: date, name: str) -> None:
    if day > ctx.today():
        raise errors.DateInFuture(
            f"{name} {day} is after today ({ctx.today()}): record what has happened",
            detail_zh=f"{name} {day}晚于今天（{ctx.today()}）：只登记已发生的事实",
        )


def _not_before_signing(contract: Contract, day: date, name: str) -> None:
    if day < contract.signed_on:
        raise errors.DateBeforeSigning(
            f"{name} {day} is before the contract was signed ({contract.signed_on})",
            detail_zh=f"{name} {day}早于合同签订日（{contract.signed_on}）",
        )


def _within_amount(contract: Contract, recorded: list[int], amount_fen: int, what: str) -> None:
    total = sum(recorded) + amount_fen
    if total > contract.amount_fen:
        raise errors.ExceedsContractAmount(
            f"{what} would come to {yuan(total)}, more than the contract's {yuan(contract.amount_fen)}"
        )
