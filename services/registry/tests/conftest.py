"""Registry test fixtures: its own database (migrated once per session), a rollback per test, the
app through ASGI with test keys, a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime

import httpx
import pytest
from fastapi import FastAPI

from zjtx.common.clock import CHINA, FixedClock
from zjtx.common.db import create_engine, create_sessionmaker
from zjtx.common.settings import Environment
from zjtx.common.testing.clients import TestKeys, asgi_client, default_keys
from zjtx.common.testing.databases import rolled_back, service_database, truncate_all
from zjtx.registry.bootstrap import MIGRATIONS_DIR, create_app
from zjtx.registry.settings import RegistrySettings

# Tests see the world as of this instant (Asia/Shanghai), so "today" never drifts under them.
NOW = datetime(2025, 9, 1, 10, 0, tzinfo=CHINA)


@pytest.fixture(scope="session")
def registry_database_url(pg_server_url: str) -> Iterator[str]:
    with service_database(pg_server_url, "registry", MIGRATIONS_DIR) as url:
        yield url


@pytest.fixture(scope="session")
async def registry_engine(registry_database_url: str):
    engine = create_engine(registry_database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture
async def sessions(registry_engine):
    """Sessions inside one transaction that is rolled back after the test."""
    async with rolled_back(registry_engine) as (_, sessionmaker):
        yield sessionmaker


@pytest.fixture(scope="session")
def keys() -> TestKeys:
    return default_keys("registry:read", "registry:write")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def settings(registry_database_url: str) -> RegistrySettings:
    return RegistrySettings(
        environment=Environment.TEST, database_url=registry_database_url, kafka_bootstrap_servers="127.0.0.1:1"
    )


@pytest.fixture
def app(settings, sessions, keys: TestKeys, clock: FixedClock) -> FastAPI:
    return create_app(settings, sessions=sessions, clients=keys.store, clock=clock)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as http:
        yield http


@pytest.fixture
async def committed(registry_engine):
    """Sessions that really commit (the relay and the consumer read what others committed)."""
    await truncate_all(registry_engine)
    yield create_sessionmaker(registry_engine)
    await truncate_all(registry_engine)


@pytest.fixture
def fresh_broker(broker):
    broker.kill()  # a crash; with memory storage the broker comes back empty
    broker.start()
    return broker


@pytest.fixture
async def live_client(settings, committed, keys, clock, fresh_broker):
    settings = settings.model_copy(update={"kafka_bootstrap_servers": fresh_broker.bootstrap_servers})
    app = create_app(settings, sessions=committed, clients=keys.store, clock=clock)
    async with asgi_client(app) as http:
        yield http
