"""Statements on the driver (zjtx.common.driver): the first of a transaction on the session's cursor, the
next ones on the driver connection it keeps, in the same transaction, with errors raised as Core raises
them and without the values in their message."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Integer, Text, bindparam, literal_column, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from zjtx.common import driver as statements
from zjtx.common.db import Write, write
from zjtx.common.messaging.tables import InboxRow

_INBOX = InboxRow.__table__
_ECHO = select(bindparam("n", type_=Integer()).label("n"), bindparam("word", type_=Text()).label("word"))
_CLAIM = insert(_INBOX).values(
    consumer=bindparam("inbox_consumer", type_=_INBOX.c.consumer.type),
    event_id=bindparam("inbox_event_id", type_=_INBOX.c.event_id.type),
    event_type=bindparam("inbox_event_type", type_=_INBOX.c.event_type.type),
)
_COUNT = select(literal_column("count(*)")).select_from(_INBOX).where(_INBOX.c.consumer == bindparam("consumer"))


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


def _claim(event_id: uuid.UUID) -> Write:
    return _CLAIM, {"inbox_consumer": "test.statements", "inbox_event_id": event_id, "inbox_event_type": "secret-type"}


async def test_later_statements_run_on_the_kept_driver_connection_in_the_same_transaction(sessions):
    async with sessions() as session, session.begin():
        assert statements._driver(session) is None
        [first] = await statements.fetch_all(session, _ECHO, {"n": 1, "word": "一"})
        assert (first["n"], first["word"]) == (1, "一")
        kept = statements._driver(session)
        assert kept is not None and kept.connection.is_in_transaction()

        await statements.write(session, _claim(uuid.uuid4()))
        [second] = await statements.fetch_all(session, _ECHO, {"n": 2, "word": "二"})
        assert tuple(second) == (2, "二")
        # What the driver wrote is the session's transaction's: Core sees it on the same connection.
        assert (await session.execute(_COUNT, {"consumer": "test.statements"})).scalar_one() == 1


async def test_an_error_on_the_driver_connection_is_core_s_without_the_values(sessions):
    event_id = uuid.uuid4()
    async with sessions() as session:
        with pytest.raises(IntegrityError) as raised:
            async with session.begin():
                await statements.fetch_all(session, _ECHO, {"n": 1, "word": "x"})
                await statements.write(session, _claim(event_id))
                assert statements._driver(session) is not None
                await statements.write(session, _claim(event_id))  # the same inbox row again
    assert raised.value.orig.sqlstate == "23505"
    assert "secret-type" not in str(raised.value)


async def test_a_new_transaction_runs_its_first_statement_on_the_cursor_again(sessions):
    async with sessions() as session:
        async with session.begin():
            await statements.fetch_all(session, _ECHO, {"n": 1, "word": "x"})
            kept = statements._driver(session)
            assert kept is not None
        assert statements._driver(session) is None  # that transaction ended
        async with session.begin():
            assert statements._driver(session) is None
            await statements.fetch_all(session, _ECHO, {"n": 2, "word": "y"})
            assert statements._driver(session) not in (None, kept)


async def test_a_write_s_error_on_the_cursor_is_core_s_without_the_values(sessions):
    event_id = uuid.uuid4()
    async with sessions() as session:
        await write(session, _claim(event_id))  # the first statement of its transaction: on the cursor
        with pytest.raises(IntegrityError) as raised:
            async with session.begin_nested():
                await write(session, _claim(event_id))
    assert raised.value.orig.sqlstate == "23505"
    assert "secret-type" not in str(raised.value)
