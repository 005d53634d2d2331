"""Cross-service fixtures: the registry and awards, each with its own real database, their relays and
consumers running over the real broker (the plugin's `broker`, restarted empty for every test)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime

import pytest

from zjtx.awards.definition import AWARDS
from zjtx.common.clock import CHINA, FixedClock
from zjtx.common.db import create_engine
from zjtx.common.testing.clients import TestKeys
from zjtx.common.testing.databases import service_database
from zjtx.registry.definition import REGISTRY

from .harness import Platform

# Both services see the world as of this instant (Asia/Shanghai): the registry accepts scale reports
# up to 2024, and a payment dated 2025-09-01 is on the day of its approval, not in the future.
NOW = datetime(2025, 9, 1, 10, 0, tzinfo=CHINA)


@pytest.fixture(scope="session")
def registry_database_url(pg_server_url: str) -> Iterator[str]:
    with service_database(pg_server_url, REGISTRY.name, REGISTRY.schema) as url:
        yield url


@pytest.fixture(scope="session")
def awards_database_url(pg_server_url: str) -> Iterator[str]:
    with service_database(pg_server_url, AWARDS.name, AWARDS.schema) as url:
        yield url


@pytest.fixture(scope="session")
async def registry_engine(registry_database_url: str):
    engine = create_engine(registry_database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def awards_engine(awards_database_url: str):
    engine = create_engine(awards_database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def keys() -> TestKeys:
    """One client store for both services: the data platform, the two award roles (four eyes) and the
    treasury (the finance bureau) that records payments, and its budget office (appropriations)."""
    return TestKeys(
        {
            "platform": ("registry:read", "registry:write", "awards:read", "awards:write"),
            "reviewer": ("awards:read", "awards:review"),
            "approver": ("awards:read", "awards:approve"),
            "treasury": ("awards:read", "awards:disburse"),
            # the finance bureau's budget office: records the appropriations payments are made against
            "budget": ("admin",),
        }
    )


@pytest.fixture
async def platform(
    registry_database_url, awards_database_url, registry_engine, awards_engine, keys, fresh_broker
) -> AsyncIterator[Platform]:
    """Both services running: APIs through ASGI, relays and consumers on the broker, tables empty."""
    running = Platform(
        registry_url=registry_database_url,
        awards_url=awards_database_url,
        registry_engine=registry_engine,
        awards_engine=awards_engine,
        bootstrap=fresh_broker.bootstrap_servers,
        keys=keys,
        clock=FixedClock(NOW),
    )
    await running.start()
    try:
        yield running
    finally:
        await running.stop()
