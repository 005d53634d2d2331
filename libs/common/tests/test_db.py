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
