"""Hot statements run with the least Python between them and the server, in the session's transaction
(finance-subsidy's webhook intake runs three of its own per request, hotline's intake two, and awards
reads its read model's facts so, for a batch of events or a simulation). Core's `execute()` through the ORM
session costs several times what the statement itself costs in Python (compiling from its cache key,
the result's metadata and processors).

The first statement of a transaction goes to the cursor of the session's connection, as
zjtx.common.db.write runs inserts (compiled once, values handed straight to the cursor): the driver
begins the transaction there. That call keeps the session's driver connection (asyncpg's) for the
rest of the transaction, and the later statements go to it directly, inside the transaction the
cursor began, without the greenlet and the DBAPI adapter around each (some 45 µs a statement). Rows come
as the driver gives them (by position and by column name; JSON already decoded by the dialect's codec);
errors are raised as Core raises them (IntegrityError, …), translated by the adapter as its own are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect, Executable
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from zjtx.common.db import Write, cursor_rows, driver_error, driver_statement, together
from zjtx.common.db import write as write_on_cursor

_DRIVER = "zjtx.common.driver"  # the session.info key of what _Driver keeps


@dataclass(frozen=True)
class _Driver:
    """The driver connection of a session's transaction, kept by the first statement run on its cursor."""

    transaction: SessionTransaction
    dialect: Dialect
    adapter: Any  # the DBAPI adapter around the driver's connection: it translates the driver's errors
    connection: Any  # asyncpg's connection, in the transaction the adapter began


def _driver(session: AsyncSession) -> _Driver | None:
    """The kept driver connection, while the transaction that kept it is the session's and still open on
    the server; None otherwise (the cursor then runs the statement, and keeps it afresh)."""
    kept: _Driver | None = session.info.get(_DRIVER)
    if kept is None or kept.transaction is not session.sync_session.get_transaction() or not kept.transaction.is_active:
        return None
    return kept if kept.connection.is_in_transaction() else None


async def _run(kept: _Driver, statement: Executable, parameters: dict[str, Any]) -> Sequence[Any]:
    compiled = driver_statement(kept.dialect, statement)
    values = compiled.values(parameters)
    try:
        return await kept.connection.fetch(compiled.sql, *values)
    except Exception as error:  # as the cursor would raise it: the adapter's translation, then Core's
        dbapi_error = kept.dialect.loaded_dbapi.Error
        try:
            kept.adapter._handle_exception(error)
        except dbapi_error as exc:
            raise driver_error(compiled.sql, values, exc, kept.dialect) from exc
        raise


async def write(session: AsyncSession, main: Write, *beside: Write) -> None:
    """zjtx.common.db.write (rows inserted in one statement, `beside` as data-modifying CTEs), on the kept
    driver connection when there is one."""
    kept = _driver(session)
    if kept is None:
        await write_on_cursor(session, main, *beside)
        return
    parameters = dict(main[1])
    for _, values in beside:
        parameters.update(values)
    await _run(kept, together(main[0], *(statement for statement, _ in beside)), parameters)


async def fetch_all(session: AsyncSession, statement: Executable, parameters: dict[str, Any]) -> Sequence[Any]:
    """The statement's rows, run in the session's transaction."""
    kept = _driver(session)
    if kept is not None:
        return await _run(kept, statement, parameters)
    return await session.run_sync(_execute, statement, parameters)


def _execute(session: Session, statement: Executable, parameters: dict[str, Any]) -> Sequence[Any]:
    # In the session's greenlet (run_sync): the first statement, on the cursor, begins the transaction.
    rows = cursor_rows(session, statement, parameters)
    connection = session.connection()  # the transaction is begun now: keep its driver connection
    pooled = connection.connection
    session.info[_DRIVER] = _Driver(
        session.get_transaction(), connection.dialect, pooled.dbapi_connection, pooled.driver_connection
    )
    return rows
