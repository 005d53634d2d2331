"""The scan's statements: the database selects what fell overdue, a batch at a time, locked so that
another replica's scan skips it, and marks it published in the same transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, Uuid, func, literal, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import unnest_rows
from zjtx.payments_watch.contract.models import Allocation, Contract, Dispute, Payable


@dataclass(frozen=True)
class Due:
    payable_id: uuid.UUID
    overdue_from: date
    contract_no: str
    buyer_code: str
    seller_uscc: str
    amount_fen: int
    outstanding_fen: int
    due_on: date
    regulation_version: str
    due_is_reference: bool


async def lock_batch(
    session: AsyncSession, day: date, *, after: tuple[date, uuid.UUID] | None, limit: int
) -> list[tuple[date, uuid.UUID]]:
    """The keys (overdue_from, id) of the next payables overdue by `day` whose event is not published,
    in that order, locked; rows another transaction holds are skipped (it publishes them)."""
    query = (
        select(Payable.id, Payable.overdue_from)
        .where(Payable.overdue_notified_on.is_(None), Payable.overdue_from <= day)
        .order_by(Payable.overdue_from, Payable.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if after is not None:
        query = query.where(tuple_(Payable.overdue_from, Payable.id) > tuple_(*after))
    return [(row.overdue_from, row.id) for row in await session.execute(query)]


async def details(session: AsyncSession, payable_ids: list[uuid.UUID], day: date) -> list[Due]:
    """What the event says of each: its contract, and what is still owed at the end of `day`."""
    on = literal(day, Date)
    paid = (
        select(func.coalesce(func.sum(Allocation.amount_fen), 0))
        .where(Allocation.payable_id == Payable.id, Allocation.paid_on <= on)
        .scalar_subquery()
    )
    written_off = (
        select(func.coalesce(func.sum(Dispute.amount_fen - func.coalesce(Dispute.upheld_fen, Dispute.amount_fen)), 0))
        .where(Dispute.payable_id == Payable.id, Dispute.resolved_on <= on)
        .scalar_subquery()
    )
    outstanding = func.greatest(Payable.amount_fen - paid - written_off, 0)
    query = (
        select(
            Payable.id,
            Payable.overdue_from,
            Contract.contract_no,
            Contract.buyer_code,
            Contract.seller_uscc,
            Payable.amount_fen,
            outstanding,
            Payable.due_on,
            Contract.regulation_version,
            Contract.due_is_reference,
        )
        .join(Contract, Contract.id == Payable.contract_id)
        .where(Payable.id.in_(payable_ids))
        .order_by(Payable.overdue_from, Payable.id)
    )
    return [Due(*row) for row in await session.execute(query)]


_MARKS = unnest_rows("marks", {"id": Uuid(), "event_id": Uuid()})


async def mark_published(session: AsyncSession, marks: list[tuple[uuid.UUID, uuid.UUID]], day: date) -> None:
    await session.execute(
        update(Payable)
        .where(Payable.id == _MARKS.c.id)
        .values(overdue_notified_on=literal(day, Date), overdue_event_id=_MARKS.c.event_id)
        .execution_options(synchronize_session=False),
        {"marks_id": [m[0] for m in marks], "marks_event_id": [m[1] for m in marks]},
    )
