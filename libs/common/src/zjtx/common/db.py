"""PostgreSQL access: the declarative base with a naming convention, engines, sessions, migrations."""

from __future__ import annotations

import asyncio
import functools
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import CursorResult, DateTime, Insert, MetaData, event, func, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


MIGRATION_LOCK_KEY = 0x7A6A7479


class Base(DeclarativeBase):
    """Base of every service's models; each service has its own database, so one metadata is enough."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


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
    engine = create_async_engine(async_url(url), pool_size=2 * pool_size, max_overflow=0)
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


# A row to insert: a statement built once, with bind parameters named for it alone (`audit_actor`,
# `outbox_body`), and their values. Written alone or beside other rows, in one statement (`write`).
Write = tuple[Insert, dict[str, Any]]


async def write(session: AsyncSession, main: Write, *beside: Write) -> CursorResult:
    """Insert rows in one statement on the session's transaction: `main`, and each of `beside` as a
    data-modifying CTE. One round trip for all; if any row breaks a constraint, none is written.
    The session's unit of work is not involved: for rows that are only ever added (audit records,
    outbox messages, history lines), its bookkeeping costs more than the statement."""
    parameters = dict(main[1])
    for _, values in beside:
        parameters.update(values)
    connection = await session.connection()
    return await connection.execute(together(main[0], *(statement for statement, _ in beside)), parameters)


@functools.lru_cache(maxsize=128)
def together(main: Insert, *beside: Insert) -> Insert:
    """The combined statement, made (and so compiled) once per combination of statements."""
    if len({id(statement) for statement in (main, *beside)}) <= len(beside):
        raise ValueError("a statement can appear once in a write: its bind parameters would clash")
    if not beside:
        return main
    return main.add_cte(*(statement.cte(f"row_{i}_{statement.table.name}") for i, statement in enumerate(beside)))


def violated_constraint(exc: IntegrityError) -> str | None:
    """The name of the constraint a write broke, as PostgreSQL reports it (None if it names none)."""
    return getattr(getattr(exc.orig, "orig", None), "constraint_name", None)


@asynccontextmanager
async def transaction(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A unit of work for an entrypoint (request, consumer, job): commit on success, roll back on error."""
    async with sessions() as session, session.begin():
        yield session


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


def migrate(migrations_dir: Path, database_url: str) -> None:
    """Apply a service's Alembic migrations up to head (blocking; run it in a thread from async code)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes["database_url"] = async_url(database_url)
    command.upgrade(config, "head")


async def migrate_async(migrations_dir: Path, database_url: str) -> None:
    await asyncio.to_thread(migrate, migrations_dir, database_url)


def run_migrations_online(config, target_metadata) -> None:
    """Body of every service's migrations/env.py: async engine, URL from the caller or the settings."""
    from alembic import context
    from sqlalchemy import pool

    url = config.attributes.get("database_url")
    if url is None:
        from zjtx.common.settings import ServiceSettings

        url = async_url(ServiceSettings().database_url)

    def do_run(connection) -> None:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            # Replicas starting together (API and worker pods) would race to migrate: one at a time.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    asyncio.run(run())
