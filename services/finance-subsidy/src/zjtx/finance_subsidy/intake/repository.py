from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, case, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import Write, lock_clause
from zjtx.common.driver import fetch_all
from zjtx.common.messaging.foreign import CLAIM, ForeignMessage
from zjtx.finance_subsidy import locks
from zjtx.finance_subsidy.intake.models import HELD, BankEvent
from zjtx.finance_subsidy.loan.models import Loan
from zjtx.finance_subsidy.loan.repository import TERMS, LoanTerms


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


async def claim_with_terms(
    session: AsyncSession, inbox: str, message: ForeignMessage, *, bank_code: str, loan_id: str
) -> tuple[bool, LoanTerms | None]:
    """Record the message in the inbox `inbox` (zjtx.common.messaging.foreign.claim) and, only when it is
    new, read its loan's terms with the enterprise's lock (loan.repository.terms_locking_enterprise):
    one round trip for both, in that order. (False, None) for a message recorded before (a second
    claim of it waits for the first's transaction, as claim's does); (True, None) when the loan is not
    reported (no lock taken). The terms are read as of the statement's start: they never change once
    reported, and the caller looks again under the loan's lock when there are none."""
    values = {
        "inbox_consumer": inbox,
        "inbox_event_id": message.inbox_id(inbox),
        "inbox_event_type": message.message_type[:200],
        "bank_code": bank_code,
        "loan_id": loan_id,
    }
    rows = await fetch_all(session, _CLAIM_WITH_TERMS, values)
    if not rows:
        return False, None
    row = tuple(rows[0])
    return True, (LoanTerms(*row[1:8]) if row[1] is not None else None)


_L = Loan.__table__
_CLAIMED = CLAIM.cte("claimed")  # the kit's claim of one message (zjtx.common.messaging.foreign)
# The loan joined to the claim's row: nothing at all (not even the lock) for a message claimed before;
# the lock taken as the row is projected, after the claim, and only for a loan found.
_CLAIM_WITH_TERMS = select(
    _CLAIMED.c.event_id,
    *TERMS,
    case((_L.c.id.is_not(None), lock_clause(*locks.ENTERPRISE, _L.c.uscc))),
).select_from(
    _CLAIMED.outerjoin(_L, (_L.c.bank_code == bindparam("bank_code")) & (_L.c.loan_id == bindparam("loan_id")))
)
