"""Awards test fixtures: its own database (migrated once per session), a rollback per test, the app
through ASGI with test keys (a reviewer and an approver among them), a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime

import httpx
import pytest
from fastapi import FastAPI

from zjtx.awards.bootstrap import MIGRATIONS_DIR, create_app
from zjtx.awards.parameters import load_parameters
from zjtx.awards.settings import AwardsSettings
from zjtx.common.clock import CHINA, FixedClock
from zjtx.common.db import create_engine
from zjtx.common.settings import Environment
from zjtx.common.testing.clients import TestKeys, asgi_client
from zjtx.common.testing.databases import rolled_back, service_database
from zjtx.common.web.auth import SCOPES

# Tests see the world as of this instant (Asia/Shanghai), so "today" never drifts under them.
NOW = datetime(2025, 9, 1, 10, 0, tzinfo=CHINA)


@pytest.fixture(scope="session")
def awards_database_url(pg_server_url: str) -> Iterator[str]:
    with service_database(pg_server_url, "awards", MIGRATIONS_DIR) as url:
        yield url


@pytest.fixture(scope="session")
async def awards_engine(awards_database_url: str):
    engine = create_engine(awards_database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture
async def sessions(awards_engine):
    async with rolled_back(awards_engine) as (_, sessionmaker):
        yield sessionmaker


@pytest.fixture(scope="session")
def keys() -> TestKeys:
    return TestKeys(
        {
            "admin": SCOPES,
            "platform": ("awards:read", "awards:write"),
            "reader": ("awards:read",),
            "reviewer": ("awards:read", "awards:review"),
            "approver": ("awards:read", "awards:approve"),
            # holds both: may review or approve, but never approve what it reviewed itself
            "officer": ("awards:read", "awards:review", "awards:approve"),
            "outsider": (),
        }
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture(scope="session")
def parameters():
    return load_parameters()


@pytest.fixture
def settings(awards_database_url: str) -> AwardsSettings:
    return AwardsSettings(
        environment=Environment.TEST, database_url=awards_database_url, kafka_bootstrap_servers="127.0.0.1:1"
    )


@pytest.fixture
def app(settings, sessions, keys: TestKeys, clock: FixedClock, parameters) -> FastAPI:
    return create_app(settings, sessions=sessions, clients=keys.store, clock=clock, parameters=parameters)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as http:
        yield http


@pytest.fixture
def handlers(app: FastAPI):
    """The consumer's handlers, to feed registry events in the test's transaction."""
    return app.state.event_handlers
