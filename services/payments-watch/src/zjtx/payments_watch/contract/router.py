from __future__ import annotations

from typing import Annotated

from fastapi import Query

from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page, decode_cursor, encode_cursor
from zjtx.common.web.routing import Cursor, Limit, Router, problems
from zjtx.payments_watch import errors
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
from zjtx.payments_watch.deps import AsOf, BuyerCodeFilter, ContractNoPath, ReadContext, SellerFilter, WriteContext

router = Router(prefix="/v1/contracts", tags=["contracts"])

OverdueFilter = Annotated[
    bool | None, Query(description="true: only contracts with something overdue today; false: only those without")
]
# What every change to a contract can meet: the contract, its dates, and payments never more than is owed.
CHANGE = (errors.ContractNotFound, errors.DateInFuture)


@router.post(
    "",
    status_code=201,
    response_model=ContractRead,
    summary="Register a contract: its regulation version, seller size at signing, monitoring and flags",
    responses=problems(
        InvalidUSCC,
        errors.DateInFuture,
        errors.InconsistentTerms,
        errors.BuyerUnknown,
        errors.SellerUnknown,
        errors.ContractExists,
    ),
)
async def register(data: ContractCreate, ctx: WriteContext, language: ReaderLanguage) -> ContractRead:
    """A contract between a registered buyer and an SME seller the registry reported, read under the payment
    regulation in force on its signing date (A10: the 2020 text from 2020-09-01, the 2025 revision from
    2025-06-01) with the seller's size on that date: whether it is monitored, the term that applies (30 days for
    机关/事业单位, an agreed term of at most 60; A10.1, A10.2) and its flags. Contracts signed before 2020-09-01
    are recorded, not monitored."""
    contract = await service.register_contract(ctx, data=data)
    return contract_read(*(await service.contract_as_of(ctx, contract.contract_no, as_of=None)), language=language)


@router.get(
    "/{contract_no}",
    response_model=ContractRead,
    summary="A contract as of a date: its payables, due dates, overdue amount and interest, explained",
    responses=problems(errors.ContractNotFound),
)
async def get_contract(
    contract_no: ContractNoPath, ctx: ReadContext, language: ReaderLanguage, as_of: AsOf = None
) -> ContractRead:
    """The contract as of a date (today by default): each payable with its clock (A10.3), due date (day N, moved
    off weekends and holidays), what is paid, outstanding, disputed and overdue, and its overdue interest
    (A10.4: the agreed rate, at least the 1-year LPR of the signing date, per day over 365, or 0.05% a day;
    simple interest, rounded half-up once per contract), each explained."""
    return contract_read(*(await service.contract_as_of(ctx, contract_no, as_of=as_of)), language=language)


@router.get(
    "",
    response_model=Page[ContractSummary],
    summary="Contracts by number; overdue as of today",
    responses=problems(InvalidCursor, InvalidUSCC),
)
async def list_contracts(
    ctx: ReadContext,
    buyer_code: BuyerCodeFilter = None,
    seller_uscc: SellerFilter = None,
    overdue: OverdueFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ContractSummary]:
    """The contracts in the order of their numbers, each with how the regulation reads it and what is overdue
    today."""
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


@router.post(
    "/{contract_no}/deliveries",
    status_code=201,
    response_model=DeliveryRead,
    summary="Record a delivery",
    responses=problems(*CHANGE, errors.DeliveryBeforeSigning, errors.ExceedsContractAmount),
)
async def deliver(contract_no: ContractNoPath, data: DeliveryCreate, ctx: WriteContext) -> DeliveryRead:
    """A delivery (交付): the clock of its payable starts on it (day 0), or on its acceptance when acceptance is
    a condition (A10.3); under periodic settlement the settlements make the payables, not deliveries."""
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
    "/{contract_no}/acceptances",
    status_code=201,
    response_model=AcceptanceRead,
    summary="Record an acceptance (A10.3)",
    responses=problems(
        *CHANGE,
        errors.AcceptanceNotRequired,
        errors.DeliveryNotFound,
        errors.AlreadyAccepted,
        errors.AcceptanceBeforeDelivery,
    ),
)
async def accept(contract_no: ContractNoPath, data: AcceptanceCreate, ctx: WriteContext) -> AcceptanceRead:
    """An acceptance (检验/验收) of a contract that makes it a condition of payment: the clock starts on it, or on
    the last day of the agreed acceptance period if it came later (A10.3). It names a delivery, or takes every
    delivery not yet accepted up to its day."""
    acceptance, ids = await service.record_acceptance(ctx, contract_no=contract_no, data=data)
    return AcceptanceRead(
        id=acceptance.id, contract_no=contract_no, accepted_on=acceptance.accepted_on, delivery_ids=ids
    )


@router.post(
    "/{contract_no}/settlements",
    status_code=201,
    response_model=SettlementRead,
    summary="Record a periodic settlement confirmed by both sides (A10.3)",
    responses=problems(*CHANGE, errors.NotPeriodicSettlement, errors.DateBeforeSigning, errors.ExceedsContractAmount),
)
async def settle(contract_no: ContractNoPath, data: SettlementCreate, ctx: WriteContext) -> SettlementRead:
    """Under periodic settlement (定期结算) the clock starts when both sides confirm the amount (A10.3): each
    confirmed settlement is a payable from its day."""
    settlement, payable = await service.record_settlement(ctx, contract_no=contract_no, data=data)
    return SettlementRead(
        id=settlement.id,
        contract_no=contract_no,
        confirmed_on=settlement.confirmed_on,
        amount=settlement.amount_fen,
        payable_id=payable.id,
    )


@router.post(
    "/{contract_no}/payments",
    status_code=201,
    response_model=PaymentRead,
    summary="Record a payment",
    responses=problems(*CHANGE, errors.DateBeforeSigning, errors.PaymentReferenceExists, errors.Overpayment),
)
async def pay(contract_no: ContractNoPath, data: PaymentCreate, ctx: WriteContext) -> PaymentRead:
    """A payment pays the oldest payables first (by delivery or settlement date); paying on the due date is on
    time. Each payable it pays publishes `payments.payable.paid`; more than is owed is 422 `overpayment`."""
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
