"""Schema migrations, the same way for every service (Alembic).

A service's database holds two histories: the kit's `platform` branch (outbox, inbox, dead letters,
audit records, idempotency keys and the outbox's NOTIFY trigger; versions in `migrations/platform/`
here) and the service's own, whose first revision depends on the platform's. `alembic upgrade heads`
applies both. The environment script (`env.py` here) is shared too: a service's `alembic.ini` names
only its tables module and its versions directory.
"""

from __future__ import annotations

import asyncio
import importlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, pool, text
from sqlalchemy.ext.asyncio import create_async_engine

from zjtx.common.db import async_url

SCRIPT_LOCATION = "zjtx.common:migrations"
PLATFORM_VERSIONS = "zjtx.common:migrations/platform"
PLATFORM_BRANCH = "platform"
# Replicas starting together (API and worker pods) would race to migrate: one at a time.
MIGRATION_LOCK_KEY = 0x7A6A7479


class MigrationRefused(RuntimeError):
    """Migrations were asked for without saying which database, or on a database of another history."""


@dataclass(frozen=True)
class Schema:
    """A service's schema: the module whose `metadata` holds its tables (its name, so that Alembic's
    command line can import it too), and its versions directory."""

    tables: str  # e.g. "zjtx.registry.tables"
    versions: Path

    def metadata(self) -> list[MetaData]:
        """What the database should hold: the platform's tables and the service's own."""
        from zjtx.common.platform_tables import metadata as platform

        return [platform, importlib.import_module(self.tables).metadata]


def alembic_config(schema: Schema, database_url: str | None = None):
    """An Alembic configuration for the service's database (its URL in `attributes`, never a file)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("path_separator", "newline")
    config.set_main_option("version_locations", f"{PLATFORM_VERSIONS}\n{schema.versions}")
    config.set_main_option("zjtx_tables", schema.tables)
    if database_url is not None:
        config.attributes["database_url"] = async_url(database_url)
    return config


def migrate(schema: Schema, database_url: str) -> None:
    """Apply the platform's and the service's migrations up to their heads (blocking)."""
    from alembic import command
    from alembic.util import CommandError

    try:
        command.upgrade(alembic_config(schema, database_url), "heads")
    except CommandError as exc:
        if "Can't locate revision" in str(exc):
            raise MigrationRefused(
                f"{exc}: this database was made by another schema history (an earlier development "
                "version); drop it (`make clean` for the development stack) and migrate again"
            ) from exc
        raise


async def migrate_async(schema: Schema, database_url: str) -> None:
    await asyncio.to_thread(migrate, schema, database_url)


async def schema_drift(metadata: Sequence[MetaData], database_url: str) -> list[Any]:
    """The differences between the models (`Schema.metadata()`) and a migrated database, empty when the
    migrations are complete: a model changed without a migration shows here."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = create_async_engine(async_url(database_url), poolclass=pool.NullPool, hide_parameters=True)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), list(metadata)
                )
            )
    finally:
        await engine.dispose()


def run_env(config: Any) -> None:
    """The body of the shared env.py: the URL from the caller, or DATABASE_URL; nothing else."""
    from alembic import context

    url = config.attributes.get("database_url") or os.environ.get("DATABASE_URL")
    if not url:
        raise MigrationRefused(
            "DATABASE_URL is not set: give the URL of the service's own database "
            "(without it, migrations would run against whatever database a default points at)"
        )
    tables = config.get_main_option("zjtx_tables")
    if not tables:
        raise MigrationRefused("the Alembic configuration names no tables module (zjtx_tables)")
    schema = Schema(tables=tables, versions=Path("."))
    target: Sequence[MetaData] = schema.metadata()

    def do_run(connection) -> None:
        context.configure(connection=connection, target_metadata=list(target), compare_type=True)
        with context.begin_transaction():
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(async_url(url), poolclass=pool.NullPool, hide_parameters=True)
        try:
            async with engine.connect() as connection:
                await connection.run_sync(do_run)
        finally:
            await engine.dispose()

    asyncio.run(run())
