"""The pytest plugin (entry point `zjtx`): session-wide PostgreSQL server and broker.

PostgreSQL: `ZJTX_TEST_DATABASE_URL` when set (CI points it at the machine's server), else an
embedded server under `var/test-pg`. The broker: a Tansu process on a free port, started here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from zjtx.common.devstack.broker import TansuBroker, free_port


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
