"""Databases for tests: one per service and test session, migrated, dropped at the end; and throwaway ones
left at an earlier revision, for the tests that migrate a previous release's data."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import asyncpg
from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from zjtx.common.db import asyncpg_connect_kwargs, drop_database, ensure_database, with_database
from zjtx.common.migrations import Schema, alembic_config, migrate


@contextmanager
def service_database(server_url: str, service: str, schema: Schema) -> Iterator[str]:
    """A fresh database named for the service, migrated to its heads; dropped afterwards."""
    name = f"zjtx_test_{service.replace('-', '_')}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    asyncio.run(ensure_database(server_url, name))
    url = with_database(server_url, name)
    try:
        migrate(schema, url)
        yield url
    finally:
        asyncio.run(drop_database(server_url, name))


@asynccontextmanager
async def database_at(server_url: str, schema: Schema, revision: str) -> AsyncIterator[str]:
    """A throwaway database with the platform tables and the service's schema at `revision` (the previous
    release, say `registry_0002`); its URL. Upgrade it to the heads with `migrate_async`. Dropped afterwards."""
    name = f"zjtx_test_upgrade_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    await ensure_database(server_url, name)
    url = with_database(server_url, name)
    try:
        config = alembic_config(schema, url)
        await asyncio.to_thread(command.upgrade, config, "platform@head")
        await asyncio.to_thread(command.upgrade, config, revision)
        yield url
    finally:
        await drop_database(server_url, name)


@asynccontextmanager
async def connected(url: str) -> AsyncIterator[asyncpg.Connection]:
    """A plain driver connection to `url`: rows written and read as a release's SQL would, past the models."""
    connection = await asyncpg.connect(**asyncpg_connect_kwargs(url))
    try:
        yield connection
    finally:
        await connection.close()


@asynccontextmanager
async def rolled_back(engine: AsyncEngine) -> AsyncIterator[tuple[AsyncConnection, async_sessionmaker[AsyncSession]]]:
    """A connection in a transaction that is rolled back at the end; sessions made from it commit into
    savepoints, so the code under test commits as usual and the test leaves nothing behind."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        sessions = async_sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False, autoflush=False
        )
        try:
            yield connection, sessions
        finally:
            await transaction.rollback()


async def truncate_all(engine: AsyncEngine) -> None:
    """Empty every table but Alembic's: for tests whose code really commits (relay, consumer)."""
    async with engine.begin() as connection:
        names = (
            (
                await connection.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
                    )
                )
            )
            .scalars()
            .all()
        )
        if names:
            await connection.execute(
                text("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE")
            )
