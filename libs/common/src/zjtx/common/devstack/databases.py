"""Each service's own database on the development server: created if missing, then migrated.

Migrations run in a subprocess per service, side by side: each imports only its own service, and
Alembic's environment starts an event loop of its own."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from zjtx.common.db import ensure_database, with_database
from zjtx.common.devstack.catalog import ServiceSpec, is_runnable

_MIGRATE = (
    "import sys; from zjtx.common.kit import installed_services; from zjtx.common.migrations import migrate; "
    "migrate(next(s for s in installed_services() if s.name == sys.argv[1]).schema, sys.argv[2])"
)


class MigrationFailed(RuntimeError):
    """A service's migrations did not apply; the message carries Alembic's output."""


def database_urls(server_url: str, specs: list[ServiceSpec]) -> dict[str, str]:
    """Service name -> URL of its own database on the server."""
    return {spec.name: with_database(server_url, spec.database) for spec in specs}


async def _ensure_all(server_url: str, specs: list[ServiceSpec]) -> None:
    for spec in specs:
        await ensure_database(server_url, spec.database)


def ensure_databases(server_url: str, specs: list[ServiceSpec]) -> None:
    asyncio.run(_ensure_all(server_url, specs))


def migrate_all(root: Path, server_url: str, specs: list[ServiceSpec]) -> list[str]:
    """Apply every service's migrations to head; returns the names migrated (those with migrations)."""
    urls = database_urls(server_url, specs)
    running: list[tuple[ServiceSpec, subprocess.Popen[str]]] = []
    for spec in specs:
        if not is_runnable(spec):
            continue
        command = [sys.executable, "-c", _MIGRATE, spec.name, urls[spec.name]]
        # Own process group: a Ctrl-C lets a migration finish instead of leaving it half applied.
        running.append(
            (
                spec,
                subprocess.Popen(
                    command,
                    cwd=root,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    process_group=0,
                ),
            )
        )
    failures = []
    for spec, process in running:
        output, _ = process.communicate()
        if process.returncode != 0:
            failures.append(f"--- {spec.name} (exit {process.returncode}):\n{output.strip()}")
    if failures:
        raise MigrationFailed("migrations failed:\n" + "\n".join(failures))
    return [spec.name for spec, _ in running]
