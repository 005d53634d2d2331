from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import Write
from zjtx.finance_subsidy.intake.models import HELD, BankEvent


async def get(session: AsyncSession, bank_code: str, event_id: str) -> BankEvent | None:
    return await session.scalar(
        select(BankEvent).where(BankEvent.bank_code == bank_code, BankEvent.event_id == event_id)
    )


async def held_for(session: AsyncSession, bank_code: str, loan_id: str) -> list[BankEvent]:
    """The events held for a loan, in the order they occurred (then arrived)."""
    query = (
        select(BankEvent)
        .where(BankEvent.bank_code == bank_code, BankEvent.loan_id == loan_id, BankEvent.status == HELD)
        .order_by(BankEvent.occurred_at, BankEvent.seq)
        .with_for_update()
    )
    return list(await session.scalars(query))


async def not_applied_for(session: AsyncSession, bank_code: str, loan_id: str) -> list[BankEvent]:
    query = (
        select(BankEvent)
        .where(BankEvent.bank_code == bank_code, BankEvent.loan_id == loan_id, BankEvent.status != "applied")
        .order_by(BankEvent.occurred_at, BankEvent.seq)
    )
    return list(await session.scalars(query))


async def held_now(session: AsyncSession) -> tuple[int, float]:
    """How many events are held, and the age in seconds of the one held longest (0 when none is)."""
    age = func.extract("epoch", func.clock_timestamp() - func.min(BankEvent.received_at))
    query = select(func.count(), func.coalesce(age, 0)).where(BankEvent.status == HELD)
    count, oldest = (await session.execute(query)).one()
    return int(count), float(oldest)


async def count_held_before(session: AsyncSession, before: datetime) -> int:
    query = select(func.count()).where(BankEvent.status == HELD, BankEvent.received_at < before)
    return int(await session.scalar(query) or 0)


async def search(
    session: AsyncSession,
    *,
    bank_code: str | None,
    status: str | None,
    loan_id: str | None,
    event_type: str | None,
    received_before: datetime | None,
    limit: int,
    after: int | None,
) -> list[BankEvent]:
    query = select(BankEvent)
    for column, value in (
        (BankEvent.bank_code, bank_code),
        (BankEvent.status, status),
        (BankEvent.loan_id, loan_id),
        (BankEvent.event_type, event_type),
    ):
        if value is not None:
            query = query.where(column == value)
    if received_before is not None:
        query = query.where(BankEvent.received_at < received_before)
    if after is not None:
        query = query.where(BankEvent.seq > after)
    return list(await session.scalars(query.order_by(BankEvent.seq).limit(limit)))


_TABLE = BankEvent.__table__
_COLUMNS = (
    "id",
    "bank_code",
    "event_id",
    "event_type",
    "occurred_at",
    "loan_id",
    "payload",
    "fingerprint",
    "received_via",
    "received_at",
    "status",
    "reason",
    "reason_zh",
    "applied_at",
)
_INSERT = insert(_TABLE).values({c: bindparam(f"bank_event_{c}", type_=_TABLE.c[c].type) for c in _COLUMNS})


def event_insert(values: dict) -> Write:
    """A bank's event as received, with its outcome, as a row to write (zjtx.common.db.write)."""
    return _INSERT, {f"bank_event_{column}": values[column] for column in _COLUMNS}
