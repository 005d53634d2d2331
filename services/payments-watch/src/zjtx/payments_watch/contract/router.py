from __future__ import annotations

from zjtx.common.web.paging import InvalidCursor, Page, clamp_limit, decode_cursor, encode_cursor
from zjtx.common.web.routing import Router
from zjtx.payments_watch.contract import service
from zjtx.payments_watch.contract.schemas import (
    AcceptanceCreate,
    AcceptanceRead,
    AllocationRead,
    ContractCreate,
    ContractRead,
    ContractSummary,
    DeliveryCreate,
    DeliveryRead,
    PaymentCreate,
    PaymentRead,
    SettlementCreate,
    SettlementRead,
)
from zjtx.payments_watch.contract.views import contract_read, contract_summary
from zjtx.payments_watch.deps import AsOf, ReadContext, WriteContext

router = Router(prefix="/v1/contracts", tags=["contracts"])


@router.post(
    "",
    status_code=201,
    response_model=ContractRead,
    summary="Register a contract: its regulation version, seller size at signing, monitoring and flags",
)
async def register(data: ContractCreate, ctx: WriteContext) -> ContractRead:
    contract = await service.register_contract(ctx, data=data)
    return contract_read(*(await service.contract_as_of(ctx, contract.contract_no, as_of=None)))


@router.get(
    "/{contract_no}",
    response_model=ContractRead,
    summary="A contract as of a date: its payables, due dates, overdue amount and interest, explained",
)
async def get_contract(contract_no: str, ctx: ReadContext, as_of: AsOf = None) -> ContractRead:
    return contract_read(*(await service.contract_as_of(ctx, contract_no, as_of=as_of)))


@router.get("", response_model=Page[ContractSummary], summary="Contracts by number; overdue as of today")
async def list_contracts(
    ctx: ReadContext,
    buyer_code: str | None = None,
    seller_uscc: str | None = None,
    overdue: bool | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[ContractSummary]:
    limit = clamp_limit(limit)
    rows, amounts = await service.list_contracts(
        ctx,
        buyer_code=buyer_code,
        seller_uscc=seller_uscc,
        overdue=overdue,
        after=_after(decode_cursor(cursor)),
        limit=limit,
    )
    next_cursor = encode_cursor([rows[-1].contract_no]) if len(rows) == limit else None
    return Page(items=[contract_summary(c, amounts.get(c.id, 0)) for c in rows], next_cursor=next_cursor)


@router.post("/{contract_no}/deliveries", status_code=201, response_model=DeliveryRead, summary="Record a delivery")
async def deliver(contract_no: str, data: DeliveryCreate, ctx: WriteContext) -> DeliveryRead:
    delivery, payable = await service.record_delivery(ctx, contract_no=contract_no, data=data)
    return DeliveryRead(
        id=delivery.id,
        contract_no=contract_no,
        delivered_on=delivery.delivered_on,
        amount=delivery.amount_fen,
        accepted_on=delivery.accepted_on,
        payable_id=None if payable is None else payable.id,
    )


@router.post(
    "/{contract_no}/acceptances", status_code=201, response_model=AcceptanceRead, summary="Record an acceptance (A10.3)"
)
async def accept(contract_no: str, data: AcceptanceCreate, ctx: WriteContext) -> AcceptanceRead:
    acceptance, ids = await service.record_acceptance(ctx, contract_no=contract_no, data=data)
    return AcceptanceRead(
        id=acceptance.id, contract_no=contract_no, accepted_on=acceptance.accepted_on, delivery_ids=ids
    )


@router.post(
    "/{contract_no}/settlements",
    status_code=201,
    response_model=SettlementRead,
    summary="Record a periodic settlement confirmed by both sides (A10.3)",
)
async def settle(contract_no: str, data: SettlementCreate, ctx: WriteContext) -> SettlementRead:
    settlement, payable = await service.record_settlement(ctx, contract_no=contract_no, data=data)
    return SettlementRead(
        id=settlement.id,
        contract_no=contract_no,
        confirmed_on=settlement.confirmed_on,
        amount=settlement.amount_fen,
        payable_id=payable.id,
    )


@router.post("/{contract_no}/payments", status_code=201, response_model=PaymentRead, summary="Record a payment")
async def pay(contract_no: str, data: PaymentCreate, ctx: WriteContext) -> PaymentRead:
    payment, parts = await service.record_payment(ctx, contract_no=contract_no, data=data)
    return PaymentRead(
        id=payment.id,
        contract_no=contract_no,
        paid_on=payment.paid_on,
        amount=payment.amount_fen,
        reference=payment.reference,
        allocations=[
            AllocationRead(payable_id=p.payable_id, amount=p.amount_fen, days_late=p.days_late) for p in parts
        ],
    )


def _after(values: list | None) -> str | None:
    if values is None:
        return None
    if len(values) != 1 or not isinstance(values[0], str):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged")
    return values[0]
