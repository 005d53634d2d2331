"""The intake's hot statements run as zjtx.common.db.write runs its inserts: compiled once, their values
handed straight to the cursor of the session's connection, in the session's transaction. Core's
`execute()` through the ORM session costs several times what the statement itself costs in Python
(compiling from its cache key, the result's metadata and processors); a bank's interest period runs
three of these per request. Rows come as the driver gives them (by position and by column name; JSON
already decoded by the dialect's codec). Errors are raised as Core raises them (IntegrityError, …)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect, Executable
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session


async def fetch_all(session: AsyncSession, statement: Executable, parameters: dict[str, Any]) -> Sequence[Any]:
    """The statement's rows, run on the session's connection and transaction."""
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
        return cursor.fetchall()
    except dialect.loaded_dbapi.Error as exc:
        # The exception Core's execute() would raise (IntegrityError, ...), so callers see no difference.
        raise DBAPIError.instance(compiled.sql, values, exc, dialect.loaded_dbapi.Error, dialect=dialect) from exc
    finally:
        cursor.close()


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
