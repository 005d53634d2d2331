"""PostgreSQL access: metadata with the naming convention, engines, sessions, combined writes, databases.

Each service owns its schema: it declares its models on a declarative base of its own (made with
`service_metadata()`), so two services may both have a table named `enterprise_view`. The platform's
own tables (outbox, inbox, dead letters, audit records, idempotency keys) are on `PlatformBase`, defined
once here and migrated by the kit (zjtx.common.migrations)."""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy.ext.asyncio
from sqlalchemy import (
    ARRAY,
    BigInteger,
    DateTime,
    Dialect,
    Executable,
    Insert,
    MetaData,
    bindparam,
    cast,
    event,
    func,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from zjtx.common import jsontext

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def service_metadata() -> MetaData:
    """A service's own metadata, with the platform's constraint names. A service declares its base as
    `class Base(DeclarativeBase): metadata = service_metadata()`."""
    return MetaData(naming_convention=NAMING_CONVENTION)


class PlatformBase(DeclarativeBase):
    """The platform tables every service's database holds (zjtx.common.platform_tables lists them)."""

    metadata = service_metadata()


class TimestampedMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class UUIDKeyMixin:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


def async_url(url: str) -> str:
    """Accept plain `postgresql://` URLs (as people write them) and use the asyncpg driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2", "postgresql+psycopg"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def with_database(url: str, database: str) -> str:
    """The same server, another database: how one server hosts every service's database."""
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """Up to 2 x pool_size connections, each kept once opened. An overflow connection would be closed
    as soon as it is returned, so a steady load above pool_size would open a new one (a server
    process, a login, statements prepared again) for a good share of its requests."""
    # hide_parameters: an error's message names the statement, never its values (names, amounts), which
    # would otherwise go into logs and dead letters.
    # Looked up when called: with tracing on (zjtx.common.tracing), SQLAlchemy's instrumentation has
    # wrapped it so that the engine traces its statements.
    # jsonb values are written and read through zjtx.common.jsontext (orjson), not the json module.
    engine = sqlalchemy.ext.asyncio.create_async_engine(
        async_url(url),
        pool_size=2 * pool_size,
        max_overflow=0,
        hide_parameters=True,
        json_serializer=jsontext.dumps,
        json_deserializer=jsontext.loads,
    )
    event.listen(engine.sync_engine.pool, "checkout", _replace_if_closed)
    return engine


def _replace_if_closed(dbapi_connection, connection_record, connection_proxy) -> None:
    """Instead of pool_pre_ping, three round trips per checkout with asyncpg: asyncpg hears at once
    when the server closes a connection (a restart, a terminated backend), so a pooled connection
    it knows is closed is swapped for a new one, at no cost to the ones that are fine."""
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the server closed this pooled connection")


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


class ReadOnlyWrite(RuntimeError):
    """A write through a session made for reading (a bug: the use case needs a transactional context)."""


class _ReadOnlySession(Session):
    """A session for reads alone: it refuses to flush or to execute an INSERT, UPDATE or DELETE construct
    (textual SQL is not parsed: the repositories write through constructs)."""


@event.listens_for(_ReadOnlySession, "do_orm_execute")
def _refuse_writes(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise ReadOnlyWrite(f"a write in a read-only unit of work: {state.statement}")


@event.listens_for(_ReadOnlySession, "before_flush")
def _refuse_flush(session, flush_context, instances) -> None:
    raise ReadOnlyWrite("a flush in a read-only unit of work")


def create_read_sessionmaker(sessions: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession] | None:
    """Sessions on the same engine and pool for requests that only read: each statement runs on its own
    (AUTOCOMMIT), without the BEGIN and COMMIT round trips around it. Under READ COMMITTED (PostgreSQL's
    default, and ours) every statement of a transaction sees a snapshot of its own anyway, so several
    reads see what they would have seen in one transaction; a read-only request saves two of its three
    round trips for one query. None for sessions bound to a connection rather than an engine (a test's,
    inside the transaction it rolls back): those requests read in a transaction, as writes do."""
    bind = sessions.kw.get("bind")
    if not isinstance(bind, AsyncEngine):
        return None
    engine = bind.execution_options(isolation_level="AUTOCOMMIT")
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False, sync_session_class=_ReadOnlySession)


# A row to insert: a statement built once, with bind parameters named for it alone (`audit_actor`,
# `outbox_body`), and their values. Written alone or beside other rows, in one statement (`write`).
Write = tuple[Insert, dict[str, Any]]


async def write(session: AsyncSession, main: Write, *beside: Write) -> Sequence[Any] | None:
    """Insert rows in one statement on the session's transaction: `main`, and each of `beside` as a
    data-modifying CTE. One round trip for all; if any row breaks a constraint, none is written.
    Returns the row of `main`'s RETURNING clause, as the driver gives it (None without one).

    The session's unit of work is not involved: for rows that are only ever added (audit records,
    outbox messages, history lines), its bookkeeping costs more than the statement. Nor is the
    Core's execution machinery: the statement is compiled once, and each write hands its SQL and
    values straight to the cursor of the session's connection, which saves about a third of what
    Core's `execute()` costs. So connection events and statement logging do not see these writes."""
    parameters = dict(main[1])
    for _, values in beside:
        parameters.update(values)
    statement = together(main[0], *(statement for statement, _ in beside))
    return await session.run_sync(_execute, statement, parameters)


def _execute(session: Session, statement: Insert, parameters: dict[str, Any]) -> Sequence[Any] | None:
    rows = cursor_rows(session, statement, parameters)
    return rows[0] if rows else None


def cursor_rows(session: Session, statement: Executable, parameters: dict[str, Any]) -> Sequence[Any]:
    """The statement's rows, run on the cursor of the session's connection, compiled once (DriverStatement).
    Called in the session's greenlet (run_sync): the session's connection, and on it the transaction the
    driver begins at its first statement, are the unit of work's."""
    connection = session.connection()
    dialect = connection.dialect
    compiled = driver_statement(dialect, statement)
    values = compiled.values(parameters)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(compiled.sql, values)
        return cursor.fetchall()
    except dialect.loaded_dbapi.Error as exc:
        raise driver_error(compiled.sql, values, exc, dialect) from exc
    finally:
        cursor.close()


def driver_error(sql: str, values: list[Any], error: Exception, dialect: Dialect) -> DBAPIError:
    """The exception Core's execute() would raise (IntegrityError, ...) for a driver's error, so callers
    see no difference; without the values in its message, as the engines are made (create_engine)."""
    return DBAPIError.instance(sql, values, error, dialect.loaded_dbapi.Error, hide_parameters=True, dialect=dialect)


@functools.lru_cache(maxsize=128)
def together(main: Insert, *beside: Insert) -> Insert:
    """The combined statement, made once per combination of statements."""
    if len({id(statement) for statement in (main, *beside)}) <= len(beside):
        raise ValueError("a statement can appear once in a write: its bind parameters would clash")
    if not beside:
        return main
    return main.add_cte(*(statement.cte(f"row_{i}_{statement.table.name}") for i, statement in enumerate(beside)))


def array_param(name: str, element: Any) -> Any:
    """A bind parameter holding a list, typed as an array of `element` (a SQL type) so that the server
    knows it before it sees a value: what `unnest_rows` takes apart."""
    return cast(bindparam(name), ARRAY(element))


def unnest_rows(name: str, columns: dict[str, Any]) -> Any:
    """A FROM item of rows given as one array per column (`columns`: name -> SQL type), numbered in the
    order given (`n`): many rows in a statement whose text stays the same, so it is compiled and
    prepared once, whatever the number of rows."""
    arrays = [array_param(f"{name}_{column}", sql_type) for column, sql_type in columns.items()]
    return func.unnest(*arrays).table_valued(*columns, with_ordinality="n").render_derived(name=name)


@dataclass(frozen=True)
class DriverStatement:
    """A statement as the driver takes it: its SQL, and how to turn named values into positional ones."""

    sql: str
    names: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]  # the types' conversions (a dict to JSON text)
    constants: dict[str, Any]  # values written into the statement itself (`attempts: 0`)

    def values(self, parameters: dict[str, Any]) -> list[Any]:
        values = []
        for name, process in zip(self.names, self.processors, strict=True):
            value = parameters[name] if name in parameters else self.constants[name]
            values.append(value if process is None else process(value))
        return values


@functools.lru_cache(maxsize=128)
def driver_statement(dialect: Dialect, statement: Executable) -> DriverStatement:
    """A statement compiled once for the driver (write, zjtx.common.driver). It must name every value in
    plain bind parameter names: no value made before the statement runs, no list expanded into an IN."""
    compiled = statement.compile(dialect=dialect)
    if compiled.insert_prefetch or compiled.escaped_bind_names or "POSTCOMPILE" in compiled.string:
        raise ValueError("a statement run on the driver names every value in plain bind parameter names")
    names = tuple(compiled.positiontup)
    binds = [compiled.binds[name] for name in names]
    return DriverStatement(
        sql=compiled.string,
        names=names,
        processors=tuple(bind.type.dialect_impl(dialect).bind_processor(dialect) for bind in binds),
        constants={name: bind.value for name, bind in zip(names, binds, strict=True) if not bind.required},
    )


def violated_constraint(exc: IntegrityError) -> str | None:
    """The name of the constraint a write broke, as PostgreSQL reports it (None if it names none)."""
    return getattr(getattr(exc.orig, "orig", None), "constraint_name", None)


def lock_key(*parts: str) -> int:
    """A 64-bit advisory-lock key for what `parts` name, e.g. ("awards", "A6.1", uscc): the same in every
    process and replica (a digest, not Python's salted hash)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


_KEYS = func.unnest(array_param("lock_keys", BigInteger())).table_valued("key").render_derived(name="lock_keys")
# The keys come sorted; unnest hands them over in that order, and the aggregate takes them one by one.
_LOCK = select(func.count(func.pg_advisory_xact_lock(_KEYS.c.key))).select_from(_KEYS)


async def lock_decisions(session: AsyncSession, keys: list[tuple[str, ...]], *beside: Write) -> None:
    """Serialise decisions: take a transaction-level advisory lock on each key (`lock_key`'s parts), held
    until the deciding transaction ends. A decision that reads what an enterprise already has (a yearly
    cap, a run of years, a once-only award) takes it before reading, so two at once cannot both see
    "nothing yet". Keys are taken in one statement in ascending order: two transactions that lock
    overlapping sets wait for each other, never deadlock. Rows to write that need no lock (a read model
    the decision will read) go `beside` it, in the same statement (one round trip)."""
    ordered = sorted({lock_key(*parts) for parts in keys})
    parameters: dict[str, Any] = {"lock_keys": ordered}
    for _, values in beside:
        parameters.update(values)
    connection = await session.connection()
    await connection.execute(_lock_with(*(statement for statement, _ in beside)), parameters)


@functools.lru_cache(maxsize=32)
def _lock_with(*beside: Insert) -> Any:
    """The lock statement with rows written beside it as data-modifying CTEs, made once per combination."""
    if not beside:
        return _LOCK
    return _LOCK.add_cte(*(statement.cte(f"locked_{i}_{statement.table.name}") for i, statement in enumerate(beside)))


# A second family of locks, keyed by PostgreSQL's own hash so that a query can take one for the parts a
# row holds (lock_clause). Its keys are not lock_key's: a lock is taken with the family its holder uses
# (lock_decisions for the awards' decisions, lock_for/lock_clause for finance-subsidy's aggregates).
_LOCK_ONE = text("SELECT pg_advisory_xact_lock(hashtextextended(:lock_key, 0))")
_SEPARATOR = "\x1f"


async def lock_for(session: AsyncSession, *parts: str) -> None:
    """Serialise, until the session's transaction ends, every transaction that locks the same parts
    (`lock_for(session, "finance-subsidy", "enterprise", uscc)`): for a decision that reads what an
    aggregate already has (a yearly cap used, a pool's balance) and writes what follows from it, so
    that two replicas or two entry points cannot both read the same state. A transaction-level
    advisory lock on a 64-bit hash of the parts; an unrelated key sharing the hash only waits."""
    await session.execute(_LOCK_ONE, {"lock_key": _SEPARATOR.join(parts)})


def lock_clause(*parts: Any) -> Any:
    """`lock_for` as a column of a query, for a lock whose parts a row holds (`lock_clause("finance-subsidy",
    "enterprise", Loan.uscc)`): the same lock, taken in the statement that reads the row, one round trip
    less. The row is read as of the statement's start; what the lock's holder changed is seen by the
    transaction's later statements."""
    return func.pg_advisory_xact_lock(func.hashtextextended(func.concat_ws(_SEPARATOR, *parts), 0))


class UnitOfWork:
    """The session and transaction of one entrypoint (a request, a consumer's batch, a job): begun when
    first asked for, committed at the end, rolled back on error.

    What `async with sessions() as session, session.begin()` does, for 30 to 50 µs less CPU: that
    begins in a greenlet though beginning waits for nothing (the connection is taken at the first
    statement), and closes the session in a task of its own though after a commit closing waits for
    nothing either. Only what does I/O goes through the session's async API here.

    An entrypoint that only reads asks for `reading()` instead (create_read_sessionmaker): no transaction,
    nothing to commit. Whichever is asked for first is the unit's session."""

    __slots__ = ("_read_only", "_readers", "_session", "_sessions")

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], readers: async_sessionmaker[AsyncSession] | None = None
    ) -> None:
        self._sessions = sessions
        self._readers = readers
        self._session: AsyncSession | None = None
        self._read_only = False

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self._sessions()
            self._session.sync_session.begin()
        return self._session

    def reading(self) -> AsyncSession:
        """The session for an entrypoint that only reads: without a transaction when it is the first asked
        for (a transactional one already made, by an Idempotency-Key's claim, is kept)."""
        if self._session is None and self._readers is not None:
            self._session, self._read_only = self._readers(), True
        return self.session

    async def commit(self) -> None:
        """Commit what was done (nothing to do if no session was asked for); on failure, discard it."""
        session = self._session
        if session is None:
            return
        if self._read_only:
            await session.close()  # each statement committed as it ran: the connection goes back
            return
        try:
            await session.commit()
        except BaseException:
            await self.discard()
            raise
        session.sync_session.close()  # the commit released the connection: only the identity map is left

    async def discard(self) -> None:
        """Roll back and close, to the end even if the caller is cancelled meanwhile."""
        if self._session is not None:
            async with self._session:  # AsyncSession's own exit: close() in a task of its own
                pass


@asynccontextmanager
async def transaction(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A unit of work for an entrypoint (request, consumer, job): commit on success, roll back on error."""
    work = UnitOfWork(sessions)
    try:
        yield work.session
    except BaseException:
        await work.discard()
        raise
    await work.commit()


async def ensure_database(server_url: str, database: str) -> None:
    """Create `database` on the server if it does not exist (development and tests)."""
    import asyncpg

    admin_url = make_url(async_url(with_database(server_url, "postgres")))
    conn = await asyncpg.connect(**_asyncpg_kwargs(admin_url))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{database}"')
    finally:
        await conn.close()


async def drop_database(server_url: str, database: str) -> None:
    import asyncpg

    admin_url = make_url(async_url(with_database(server_url, "postgres")))
    conn = await asyncpg.connect(**_asyncpg_kwargs(admin_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        await conn.close()


def _asyncpg_kwargs(url) -> dict:
    kwargs = {"user": url.username or "postgres", "database": url.database}
    if url.password:
        kwargs["password"] = url.password
    host = url.query.get("host") or url.host
    if host:
        kwargs["host"] = host
    if url.port:
        kwargs["port"] = url.port
    return kwargs


def asyncpg_connect_kwargs(url: str) -> dict:
    """Keyword arguments for a raw asyncpg connection (the relay's LISTEN connection)."""
    return _asyncpg_kwargs(make_url(async_url(url)))
