"""Fixtures of the common library's tests: a service made from the kit (tests/throwaway.py), its first
migration made by Alembic's autogenerate as docs/new-service.md says, and its database."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic import command

from zjtx.common.db import drop_database, ensure_database, with_database
from zjtx.common.kit import ServiceDefinition
from zjtx.common.migrations import alembic_config, migrate

from .throwaway import write_service


@dataclass(frozen=True)
class Throwaway:
    definition: ServiceDefinition
    database_url: str
    versions: Path


@pytest.fixture(scope="session")
def throwaway(pg_server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Throwaway]:
    versions = write_service(tmp_path_factory.mktemp("throwaway"))
    from throwaway_service.definition import THROWAWAY

    name = f"zjtx_test_throwaway_{tmp_path_factory.getbasetemp().name}".replace("-", "_")
    asyncio.run(ensure_database(pg_server_url, name))
    url = with_database(pg_server_url, name)
    try:
        config = alembic_config(THROWAWAY.schema, url)
        # docs/new-service.md: the platform's tables first, then the service's first revision, generated.
        command.upgrade(config, "platform@head")
        command.revision(
            config,
            message="throwaway schema",
            autogenerate=True,
            head="base",
            branch_label="throwaway",
            version_path=str(versions),
            rev_id="throwaway_0001",
            depends_on="platform_0001",
        )
        migrate(THROWAWAY.schema, url)
        yield Throwaway(THROWAWAY, url, versions)
    finally:
        asyncio.run(drop_database(pg_server_url, name))


@pytest.fixture(scope="session")
def keys():
    """An admin client: the throwaway service's routes need the scope `admin`."""
    from zjtx.common.testing.clients import TestKeys
    from zjtx.common.web.auth import SCOPES

    return TestKeys({"admin": SCOPES})
