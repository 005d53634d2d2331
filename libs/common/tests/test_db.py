"""Engines on real PostgreSQL: what the pool hands out, and writes of rows in one statement."""

from __future__ import annotations

import uuid

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from zjtx.common.db import Write, asyncpg_connect_kwargs, create_engine, violated_constraint, with_database, write
from zjtx.common.messaging.outbox import message_insert
from zjtx.common.testing.waiting import check, eventually
from zjtx.common.web.audit import Actor, AuditRecord, audit_insert


async def test_a_pooled_connection_the_server_closed_is_replaced_not_handed_out(pg_server_url):
    url = with_database(pg_server_url, "postgres")
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as connection:
            first = await connection.scalar(text("SELECT pg_backend_pid()"))
            pooled = (await connection.get_raw_connection()).driver_connection
        admin = await asyncpg.connect(**asyncpg_connect_kwargs(url))
        try:
            assert await admin.fetchval("SELECT pg_terminate_backend($1)", first)  # as a server restart does
        finally:
            await admin.close()
        await eventually(check(pooled.is_closed), timeout=5, what="the pooled connection hearing the server close it")
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT pg_backend_pid()")) != first
    finally:
        await engine.dispose()


async def test_lock_for_serialises_transactions_on_the_same_parts_only(pg_server_url):
    import asyncio

    from zjtx.common.db import create_sessionmaker, lock_for

    engine = create_engine(with_database(pg_server_url, "postgres"), pool_size=3)
    sessions = create_sessionmaker(engine)
    try:
        async with sessions() as first, first.begin():
            await lock_for(first, "test", "enterprise", "91150105MA0Q4LJX27")

            async def second(*parts: str) -> None:
                async with sessions() as other, other.begin():
                    await lock_for(other, *parts)

            # Another enterprise's lock is free; the same enterprise's waits for the first transaction.
            await asyncio.wait_for(second("test", "enterprise", "91310110666007217T"), 5)
            waiting = asyncio.create_task(second("test", "enterprise", "91150105MA0Q4LJX27"))

            async def blocked() -> bool:
                async with engine.connect() as probe:  # a waiter on this very key (other tests use the server)
                    query = text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                        "AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(:key, 0)"
                    )
                    return await probe.scalar(query, {"key": "test\x1fenterprise\x1f91150105MA0Q4LJX27"}) == 1

            await eventually(blocked, timeout=5, what="the second transaction waiting for the lock")
            assert not waiting.done()
        await asyncio.wait_for(waiting, 5)  # the first committed: the lock was released with it
    finally:
        await engine.dispose()


async def test_lock_clause_takes_the_lock_of_lock_for_in_a_query(pg_server_url):
    import asyncio

    from sqlalchemy import literal, select

    from zjtx.common.db import create_sessionmaker, lock_clause, lock_for

    engine = create_engine(with_database(pg_server_url, "postgres"), pool_size=2)
    sessions = create_sessionmaker(engine)
    try:
        async with sessions() as first, first.begin():
            # The parts as a row would hold them: the lock is the one lock_for takes with the same parts.
            await first.execute(select(literal(1), lock_clause("test", "clause", literal("91310110666007217T"))))

            async def second() -> None:
                async with sessions() as other, other.begin():
                    await lock_for(other, "test", "clause", "91310110666007217T")

            waiting = asyncio.create_task(second())

            async def blocked() -> bool:
                async with engine.connect() as probe:
                    query = text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                        "AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(:key, 0)"
                    )
                    return await probe.scalar(query, {"key": "test\x1fclause\x1f91310110666007217T"}) == 1

            await eventually(blocked, timeout=5, what="lock_for waiting for the lock lock_clause took")
        await asyncio.wait_for(waiting, 5)
    finally:
        await engine.dispose()


# -- write(): rows in one statement, in the session's transaction ---------------------------------


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition  # a database with the platform tables


def _audit(entity_id: str, *, after: dict | None) -> Write:
    return audit_insert(
        actor=Actor("tester", "request-1"),
        action="thing.make",
        entity_type="thing",
        entity_id=entity_id,
        before=None,
        after=after,
    )


async def test_a_write_stores_its_rows_as_core_would_and_returns_what_main_returns(sessions):
    statement, values = _audit("1", after={"size": 3})
    message = message_insert(topic="things", key="1", event_id=uuid.uuid4(), event_type="things.made", body="{}")
    async with sessions() as session, session.begin():
        returned = await write(session, (statement.returning(AuditRecord.__table__.c.id), values), message)
        assert tuple(returned) == (values["audit_id"],)
        assert await write(session, _audit("2", after=None)) is None  # no RETURNING, no row
        audit = (await session.execute(text("SELECT before, jsonb_typeof(before), after FROM audit_log"))).all()
        outbox = (await session.execute(text("SELECT key, body, attempts FROM outbox"))).all()
    # None in a JSON column is JSON null, as Core writes it; the outbox's attempts come from the statement.
    assert sorted(audit, key=str) == [(None, "null", None), (None, "null", {"size": 3})]
    assert outbox == [("1", "{}", 0)]


async def test_a_write_that_breaks_a_constraint_raises_as_core_would_and_writes_nothing(sessions):
    event_id = uuid.uuid4()
    message = message_insert(topic="things", key="1", event_id=event_id, event_type="things.made", body="{}")
    async with sessions() as session:
        async with session.begin():
            await write(session, message)
        with pytest.raises(IntegrityError) as raised:
            async with session.begin():
                await write(session, _audit("1", after=None), message)  # the audit record alone would do
        assert violated_constraint(raised.value) == "uq_outbox_event_id"
        async with session.begin():
            assert await session.scalar(text("SELECT count(*) FROM audit_log")) == 0
