"""The pytest plugin (entry point `zjtx`): a PostgreSQL server and a broker for the session, and the
fixtures every service's tests use, so that a service's conftest is a few lines:

    @pytest.fixture(scope="session")
    def service_definition():  # which service these tests are about
        return REGISTRY

    @pytest.fixture(scope="session")
    def keys():  # its clients and their scopes
        return default_keys("registry:read", "registry:write")

Then `database_url` and `engine` (the service's own database, migrated once per session),
`parameters`, `sessions` (rolled back after each test), `clock` (fixed at `now`), `settings`,
`app`, `client` (the API through ASGI), `handlers` (its consumer's), `committed` (sessions that
really commit, tables emptied around the test), `fresh_broker` and `live_client` (the API on
committed sessions, with the broker) are there.

PostgreSQL: `ZJTX_TEST_DATABASE_URL` when set (CI points it at the machine's server), else an
embedded server under `var/test-pg`. The broker: a Tansu process on a free port, started here."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from zjtx.common.clock import CHINA, FixedClock
from zjtx.common.db import create_engine, create_sessionmaker
from zjtx.common.devstack.broker import TansuBroker, free_port
from zjtx.common.kit import ServiceDefinition, create_app
from zjtx.common.parameters import ParameterFile
from zjtx.common.settings import Environment, ServiceSettings
from zjtx.common.testing.clients import TestKeys, asgi_client
from zjtx.common.testing.databases import rolled_back, service_database, truncate_all

# Tests see the world as of this instant (Asia/Shanghai), so "today" never drifts under them.
DEFAULT_NOW = datetime(2025, 9, 1, 10, 0, tzinfo=CHINA)


@pytest.fixture(scope="session")
def pg_server_url(pytestconfig: pytest.Config) -> Iterator[str]:
    url = os.environ.get("ZJTX_TEST_DATABASE_URL")
    if url:
        yield url
        return
    from zjtx.common.devstack.postgres import EmbeddedPostgres

    server = EmbeddedPostgres(Path(pytestconfig.rootpath) / "var" / "test-pg")
    yield server.start()
    server.stop()


@pytest.fixture(scope="session")
def broker(pytestconfig: pytest.Config) -> Iterator[TansuBroker]:
    """A real broker for the whole session; tests may stop and start it (same port) to play an outage."""
    log_dir = Path(pytestconfig.rootpath) / "var"
    log_dir.mkdir(exist_ok=True)
    server = TansuBroker(free_port(), log_path=log_dir / "test-broker.log")
    server.start()
    yield server
    server.kill()  # it holds nothing worth a graceful stop, and a graceful one waits seconds


@pytest.fixture
def fresh_broker(broker: TansuBroker) -> TansuBroker:
    """The broker, restarted empty: a crash, since it keeps everything in memory."""
    broker.kill()
    broker.start()
    return broker


# -- a service's fixtures: its conftest provides `service_definition` and `keys` ------------------


@pytest.fixture(scope="session")
def service_definition() -> ServiceDefinition:
    raise pytest.UsageError("the service's conftest.py defines `service_definition` (session scope)")


@pytest.fixture(scope="session")
def now() -> datetime:
    return DEFAULT_NOW


class ServiceResources:
    """Each service's database (migrated once), engine and parameters, made on first use in the session.
    Keyed by service, because one session runs the tests of every service: a session-scoped fixture
    would keep the first service's database for all of them."""

    def __init__(self, server_url: str) -> None:
        self._server_url = server_url
        self._databases: dict[str, tuple[str, contextlib.ExitStack]] = {}
        self._engines: dict[str, AsyncEngine] = {}
        self._parameters: dict[str, ParameterFile] = {}

    def database_url(self, definition: ServiceDefinition) -> str:
        if definition.name not in self._databases:
            stack = contextlib.ExitStack()
            # In a thread of its own: creating and migrating runs an event loop, and this may be called
            # from a test whose loop is running.
            with ThreadPoolExecutor(max_workers=1) as thread:
                url = thread.submit(
                    stack.enter_context, service_database(self._server_url, definition.name, definition.schema)
                ).result()
            self._databases[definition.name] = (url, stack)
        return self._databases[definition.name][0]

    def engine(self, definition: ServiceDefinition) -> AsyncEngine:
        if definition.name not in self._engines:
            self._engines[definition.name] = create_engine(self.database_url(definition), pool_size=5)
        return self._engines[definition.name]

    def parameters(self, definition: ServiceDefinition) -> ParameterFile:
        if definition.name not in self._parameters:
            self._parameters[definition.name] = definition.load_parameters()
        return self._parameters[definition.name]

    async def close(self) -> None:
        for engine in self._engines.values():
            await engine.dispose()
        for _, stack in self._databases.values():
            await asyncio.to_thread(stack.close)  # it runs an event loop of its own to drop the database


@pytest.fixture(scope="session")
async def service_resources(pg_server_url: str) -> AsyncIterator[ServiceResources]:
    resources = ServiceResources(pg_server_url)
    yield resources
    await resources.close()


@pytest.fixture
def database_url(service_resources: ServiceResources, service_definition: ServiceDefinition) -> str:
    """The service's own database, migrated to its heads once per session."""
    return service_resources.database_url(service_definition)


@pytest.fixture
def engine(service_resources: ServiceResources, service_definition: ServiceDefinition) -> AsyncEngine:
    return service_resources.engine(service_definition)


@pytest.fixture
def parameters(service_resources: ServiceResources, service_definition: ServiceDefinition) -> ParameterFile:
    return service_resources.parameters(service_definition)


@pytest.fixture
async def sessions(engine):
    """Sessions inside one transaction that is rolled back after the test."""
    async with rolled_back(engine) as (_, sessionmaker):
        yield sessionmaker


@pytest.fixture
def clock(now: datetime) -> FixedClock:
    return FixedClock(now)


@pytest.fixture
def settings(service_definition: ServiceDefinition, database_url: str) -> ServiceSettings:
    return service_definition.settings_class()(
        environment=Environment.TEST, database_url=database_url, kafka_bootstrap_servers="127.0.0.1:1"
    )


@pytest.fixture
def app(service_definition, settings, sessions, keys: TestKeys, clock: FixedClock, parameters) -> FastAPI:
    return create_app(
        service_definition, settings, sessions=sessions, clients=keys.store, clock=clock, parameters=parameters
    )


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as http:
        yield http


@pytest.fixture
async def default_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client that sends no Accept-Language, as people's browsers here do: what it reads is the default
    (Chinese), where `client` reads English."""
    async with asgi_client(app, language=None) as http:
        yield http


@pytest.fixture
def handlers(app: FastAPI):
    """The consumer's handlers, to feed events in the test's transaction."""
    return app.state.event_handlers


@pytest.fixture
async def committed(engine):
    """Sessions that really commit (the relay and the consumer read what others committed)."""
    await truncate_all(engine)
    yield create_sessionmaker(engine)
    await truncate_all(engine)


@pytest.fixture
async def live_client(
    service_definition, settings, committed, keys, clock, parameters, fresh_broker
) -> AsyncIterator[httpx.AsyncClient]:
    """The API on sessions that really commit, its settings pointing at the (fresh) broker."""
    settings = settings.model_copy(update={"kafka_bootstrap_servers": fresh_broker.bootstrap_servers})
    app = create_app(
        service_definition, settings, sessions=committed, clients=keys.store, clock=clock, parameters=parameters
    )
    async with asgi_client(app) as http:
        yield http
