"""The intake's hot statements, run with the least Python between them and the server, in the session's
transaction. Core's `execute()` through the ORM session costs several times what the statement itself
costs in Python (compiling from its cache key, the result's metadata and processors); a bank's interest
period runs three statements of its own per request.

The first statement of a transaction goes to the cursor of the session's connection, as
zjtx.common.db.write runs inserts (compiled once, values handed straight to the cursor): the driver
begins the transaction there. That call keeps the session's driver connection (asyncpg's) for the
rest of the transaction, and the later statements go to it directly, inside the transaction the
cursor began, without the greenlet and the DBAPI adapter around each (some 45 µs a statement). Rows come
as the driver gives them (by position and by column name; JSON already decoded by the dialect's codec);
errors are raised as Core raises them (IntegrityError, …), translated by the adapter as its own are."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect, Executable
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from zjtx.common.db import Write, together
from zjtx.common.db import write as write_on_cursor

_DRIVER = "zjtx.finance_subsidy.statements.driver"  # the session.info key of what _Driver keeps


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
    compiled = _compiled(kept.dialect, statement)
    values = compiled.values(parameters)
    try:
        return await kept.connection.fetch(compiled.sql, *values)
    except Exception as error:  # as the cursor would raise it: the adapter's translation, then Core's
        dbapi_error = kept.dialect.loaded_dbapi.Error
        try:
            kept.adapter._handle_exception(error)
        except dbapi_error as exc:
            raise _core_error(compiled.sql, values, exc, kept.dialect) from exc
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


@dataclass(frozen=True)
class _Compiled:
    """A statement as the driver takes it: its SQL, and how to turn named values into positional ones."""

    sql: str
    names: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]  # the types' conversions (a dict to JSON text)
    constants: dict[str, Any]  # values written into the statement itself (`revision: 1`)

    def values(self, parameters: dict[str, Any]) -> list[Any]:
        values = []
        for name, process in zip(self.names, self.processors, strict=True):
            value = parameters[name] if name in parameters else self.constants[name]
            values.append(value if process is None else process(value))
        return values


def _execute(session: Session, statement: Executable, parameters: dict[str, Any]) -> Sequence[Any]:
    # Runs in the session's greenlet (run_sync): the session's connection, and on it the transaction
    # the driver begins at its first statement, are the unit of work's.
    connection = session.connection()
    dialect = connection.dialect
    compiled = _compiled(dialect, statement)
    values = compiled.values(parameters)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(compiled.sql, values)
        rows = cursor.fetchall()
    except dialect.loaded_dbapi.Error as exc:
        raise _core_error(compiled.sql, values, exc, dialect) from exc
    finally:
        cursor.close()
    pooled = connection.connection  # the transaction is begun now: keep its connection
    session.info[_DRIVER] = _Driver(
        session.get_transaction(), dialect, pooled.dbapi_connection, pooled.driver_connection
    )
    return rows


def _core_error(sql: str, values: list[Any], error: Exception, dialect: Dialect) -> DBAPIError:
    """The exception Core's execute() would raise (IntegrityError, ...), so callers see no difference;
    without the values in its message, as the engines are made (zjtx.common.db.create_engine)."""
    return DBAPIError.instance(sql, values, error, dialect.loaded_dbapi.Error, hide_parameters=True, dialect=dialect)


@functools.lru_cache(maxsize=32)
def _compiled(dialect: Dialect, statement: Executable) -> _Compiled:
    compiled = statement.compile(dialect=dialect)
    if compiled.insert_prefetch or compiled.escaped_bind_names or "POSTCOMPILE" in compiled.string:
        raise ValueError("a statement run here names every value in plain bind parameter names (no IN of a list)")
    names = tuple(compiled.positiontup)
    binds = [compiled.binds[name] for name in names]
    return _Compiled(
        sql=compiled.string,
        names=names,
        processors=tuple(bind.type.dialect_impl(dialect).bind_processor(dialect) for bind in binds),
        constants={name: bind.value for name, bind in zip(names, binds, strict=True) if not bind.required},
    )
