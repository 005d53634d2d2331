from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, case, delete, func, literal, or_, select, type_coerce, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.payments_watch.contract.models import Allocation, Contract, Delivery, Dispute, Payable, Payment


async def add_contract(session: AsyncSession, values: dict[str, Any]) -> uuid.UUID | None:
    """None when the number is already registered (the unique key decides; nothing written)."""
    return await session.scalar(
        insert(Contract).values(**values).on_conflict_do_nothing(index_elements=["contract_no"]).returning(Contract.id)
    )


async def get_by_no(session: AsyncSession, contract_no: str, *, for_update: bool = False) -> Contract | None:
    query = select(Contract).where(Contract.contract_no == contract_no)
    if for_update:
        # One writer per contract at a time: its payables, allocations and events stay consistent.
        query = query.with_for_update()
    return await session.scalar(query)


async def get_by_id(session: AsyncSession, contract_id: uuid.UUID, *, for_update: bool = False, skip_locked=False):
    query = select(Contract).where(Contract.id == contract_id)
    if for_update:
        query = query.with_for_update(skip_locked=skip_locked)
    return await session.scalar(query)


@dataclass(frozen=True)
class StoredFacts:
    deliveries: Sequence[Delivery]
    payables: Sequence[Payable]
    disputes: Sequence[Dispute]
    payments: Sequence[Payment]
    allocations: Sequence[Allocation]


async def facts_of(session: AsyncSession, contract_id: uuid.UUID) -> StoredFacts:
    async def rows(model, *order):
        # populate_existing: payables are updated by statement (update_payable), never left stale here.
        query = select(model).where(model.contract_id == contract_id).order_by(*order)
        return (await session.scalars(query.execution_options(populate_existing=True))).all()

    return StoredFacts(
        deliveries=await rows(Delivery, Delivery.delivered_on, Delivery.id),
        payables=await rows(Payable, Payable.basis_on, Payable.id),
        disputes=await rows(Dispute, Dispute.raised_on, Dispute.id),
        payments=await rows(Payment, Payment.paid_on, Payment.id),
        allocations=await rows(Allocation, Allocation.paid_on, Allocation.payment_id),
    )


async def add(session: AsyncSession, row) -> None:
    session.add(row)
    await session.flush()


async def replace_allocations(session: AsyncSession, contract_id: uuid.UUID, rows: list[dict[str, Any]]) -> None:
    await session.execute(delete(Allocation).where(Allocation.contract_id == contract_id))
    if rows:
        await session.execute(insert(Allocation), rows)


async def update_payable(session: AsyncSession, payable_id: uuid.UUID, values: dict[str, Any]) -> None:
    await session.execute(
        update(Payable).where(Payable.id == payable_id).values(**values).execution_options(synchronize_session=False)
    )


async def payment_reference_used(session: AsyncSession, contract_id: uuid.UUID, reference: str) -> bool:
    found = await session.scalar(
        select(Payment.id).where(Payment.contract_id == contract_id, Payment.reference == reference)
    )
    return found is not None


async def get_row(session: AsyncSession, model, row_id: uuid.UUID, contract_id: uuid.UUID, *, for_update=False):
    query = select(model).where(model.id == row_id, model.contract_id == contract_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def acceptance_deliveries(session: AsyncSession, acceptance_id: uuid.UUID) -> list[uuid.UUID]:
    found = await session.scalars(
        select(Delivery.id).where(Delivery.acceptance_id == acceptance_id).order_by(Delivery.id)
    )
    return list(found)


# -- overdue as of a day, in the database ----------------------------------------------------------


def overdue_payables(
    day: date, *, buyer_codes: Sequence[str] | None = None, contract_ids: Sequence[uuid.UUID] | None = None
):
    """Every payable overdue on `day` (of these buyers or contracts), with its overdue amount
    (rules.balance.Ledger.overdue_on, in SQL): amount − paid up to and including the day − what disputes
    keep back on it. Only payables that ever fell overdue by the day and were not settled by it are looked
    at (ix_payables_overdue_from)."""
    on = literal(day, Date)
    paid = (
        select(func.coalesce(func.sum(Allocation.amount_fen), 0))
        .where(Allocation.payable_id == Payable.id, Allocation.paid_on <= on)
        .scalar_subquery()
    )
    kept_back = case(
        (or_(Dispute.resolved_on.is_(None), Dispute.resolved_on >= on), Dispute.amount_fen),
        else_=Dispute.amount_fen - func.coalesce(Dispute.upheld_fen, Dispute.amount_fen),
    )
    excluded = (
        select(func.coalesce(func.sum(kept_back), 0))
        .where(Dispute.payable_id == Payable.id, Dispute.raised_on <= on)
        .scalar_subquery()
    )
    overdue = (Payable.amount_fen - paid - excluded).label("overdue_fen")
    days = type_coerce(on - Payable.overdue_from, Integer) + 1
    inner = (
        select(
            Payable.id.label("payable_id"),
            Payable.contract_id,
            Contract.buyer_code,
            Contract.contract_no,
            Payable.overdue_from,
            days.label("days_overdue"),
            overdue,
        )
        .join(Contract, Contract.id == Payable.contract_id)
        .where(Payable.overdue_from <= on, or_(Payable.settled_on.is_(None), Payable.settled_on > on))
    )
    if buyer_codes is not None:
        inner = inner.where(Contract.buyer_code.in_(list(buyer_codes)))
    if contract_ids is not None:
        inner = inner.where(Payable.contract_id.in_(list(contract_ids)))
    return inner.subquery("overdue_on_day")


async def overdue_of_contracts(session: AsyncSession, contract_ids: Sequence[uuid.UUID], day: date) -> dict:
    od = overdue_payables(day, contract_ids=contract_ids)
    rows = await session.execute(
        select(od.c.contract_id, func.sum(od.c.overdue_fen)).where(od.c.overdue_fen > 0).group_by(od.c.contract_id)
    )
    return {contract_id: int(total) for contract_id, total in rows}


async def search(
    session: AsyncSession,
    *,
    buyer_code: str | None,
    seller_uscc: str | None,
    overdue: bool | None,
    day: date,
    after: str | None,
    limit: int,
) -> Sequence[Contract]:
    query = select(Contract).order_by(Contract.contract_no).limit(limit)
    if buyer_code is not None:
        query = query.where(Contract.buyer_code == buyer_code)
    if seller_uscc is not None:
        query = query.where(Contract.seller_uscc == seller_uscc)
    if after is not None:
        query = query.where(Contract.contract_no > after)
    if overdue is not None:
        od = overdue_payables(day)
        late = select(od.c.contract_id).where(od.c.overdue_fen > 0, od.c.contract_id == Contract.id).exists()
        query = query.where(late if overdue else ~late)
    return (await session.scalars(query)).all()


async def of_seller(session: AsyncSession, uscc: str) -> Sequence[Contract]:
    return (
        await session.scalars(
            select(Contract).where(Contract.seller_uscc == uscc).order_by(Contract.id).with_for_update()
        )
    ).all()


async def with_agreed_rate_since(session: AsyncSession, day: date) -> Sequence[Contract]:
    query = (
        select(Contract)
        .where(Contract.agreed_overdue_rate.is_not(None), Contract.signed_on >= day)
        .order_by(Contract.id)
        .with_for_update()
    )
    return (await session.scalars(query)).all()


async def with_provisional_due_dates(session: AsyncSession, years: Sequence[int], limit: int) -> list[uuid.UUID]:
    """Contracts with a due date kept unmoved that falls in a year whose holidays are now on record."""
    year = func.extract("year", Payable.due_on)
    query = (
        select(Payable.contract_id)
        .where(Payable.due_on_provisional, type_coerce(year, Integer).in_(list(years)))
        .distinct()
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


async def read_with_other_parameters(session: AsyncSession, version: str, limit: int) -> list[uuid.UUID]:
    """Contracts decided with another version of the parameters (a release changed them)."""
    query = select(Contract.id).where(Contract.parameters_version != version).order_by(Contract.id).limit(limit)
    return list((await session.scalars(query)).all())
