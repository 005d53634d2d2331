"""A request that only reads runs its statements without a transaction around them (UnitOfWork.reading, the
kit's read_context): each statement is its own, a write is refused, and a session made first for a
transaction (an Idempotency-Key's claim) is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, text

from zjtx.common.db import ReadOnlyWrite, UnitOfWork, create_engine, create_read_sessionmaker, create_sessionmaker
from zjtx.common.messaging.tables import OutboxRow

# The transaction's id: two statements of one transaction get the same, two run on their own two.
TRANSACTION_ID = text("SELECT txid_current()")


@pytest.fixture
async def sessions(throwaway):
    engine = create_engine(throwaway.database_url, pool_size=1)
    sessions = create_sessionmaker(engine)
    yield sessions, create_read_sessionmaker(sessions)
    await engine.dispose()


async def test_a_read_runs_each_statement_on_its_own(sessions):
    transactional, readers = sessions
    work = UnitOfWork(transactional, readers)
    session = work.reading()
    assert await session.scalar(TRANSACTION_ID) != await session.scalar(TRANSACTION_ID)
    await work.commit()

    # The same two statements in the transactional unit share one transaction (the test can fail).
    work = UnitOfWork(transactional, readers)
    assert await work.session.scalar(TRANSACTION_ID) == await work.session.scalar(TRANSACTION_ID)
    await work.commit()


async def test_a_write_through_a_reading_session_is_refused(sessions):
    transactional, readers = sessions
    work = UnitOfWork(transactional, readers)
    with pytest.raises(ReadOnlyWrite):
        await work.reading().execute(
            insert(OutboxRow).values(event_id=None, topic="t", key="k", event_type="x", body="{}")
        )
    await work.discard()


async def test_a_session_made_first_for_a_transaction_is_kept(sessions):
    transactional, readers = sessions
    work = UnitOfWork(transactional, readers)
    first = work.session
    assert work.reading() is first
    await work.discard()


async def test_sessions_bound_to_a_connection_read_in_a_transaction(throwaway):
    engine = create_engine(throwaway.database_url, pool_size=1)
    async with engine.connect() as connection:
        assert create_read_sessionmaker(create_sessionmaker(connection)) is None
    await engine.dispose()
