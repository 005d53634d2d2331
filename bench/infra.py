"""What every benchmark runs on: a PostgreSQL server (the one named by ZJTX_TEST_DATABASE_URL or
DATABASE_URL, else the embedded one under var/bench-pg), a Tansu broker on a free port, a fresh
database migrated like the registry's and dropped at the end, and HTTP servers run as subprocesses (a
service as deployed: `Deployed`)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
from sqlalchemy.engine import make_url

from zjtx.common.db import drop_database, ensure_database, with_database
from zjtx.common.devstack.broker import TansuBroker, free_port
from zjtx.common.migrations import migrate
from zjtx.common.settings import ServiceSettings
from zjtx.registry.definition import REGISTRY

VAR = Path("var")


# The shared PostgreSQL's postmaster (whose children serve the connections), for the loads to say what a
# request cost it too (bench.http_load).
SHARED_PIDS: dict[str, int | None] = {}


def _listening_pid(url: str) -> int | None:
    """The process listening on a server URL's TCP port on this machine (its postmaster), if it is seen."""
    port = make_url(url).port or 5432
    try:
        for connection in psutil.net_connections(kind="tcp"):
            if connection.status == psutil.CONN_LISTEN and connection.laddr.port == port and connection.pid:
                return connection.pid
    except psutil.Error:
        return None
    return None


@dataclass(frozen=True)
class Infra:
    server_url: str
    database_url: str  # the fresh database of this run, migrated to the registry's head
    bootstrap_servers: str

    def settings(self, **overrides) -> ServiceSettings:
        """The settings a registry process would have on this infrastructure."""
        return ServiceSettings(
            service_name="registry",
            database_url=self.database_url,
            kafka_bootstrap_servers=self.bootstrap_servers,
            **overrides,
        )


@contextmanager
def postgres_server() -> Iterator[str]:
    url = os.environ.get("ZJTX_TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url:
        SHARED_PIDS["database"] = _listening_pid(url)
        yield url
        return
    from zjtx.common.devstack.postgres import EmbeddedPostgres

    server = EmbeddedPostgres(VAR / "bench-pg")
    try:
        url = server.start()
        SHARED_PIDS["database"] = server.pid
        yield url
    finally:
        server.stop()


@contextmanager
def infrastructure() -> Iterator[Infra]:
    """Start everything, create and migrate this run's database; drop it and stop everything after."""
    VAR.mkdir(exist_ok=True)
    with postgres_server() as server_url, TansuBroker(free_port(), log_path=VAR / "bench-broker.log") as broker:
        name = f"zjtx_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        asyncio.run(ensure_database(server_url, name))
        try:
            url = with_database(server_url, name)
            migrate(REGISTRY.schema, url)
            yield Infra(server_url=server_url, database_url=url, bootstrap_servers=broker.bootstrap_servers)
        finally:
            asyncio.run(drop_database(server_url, name))


class HttpProcess:
    """A server run as `python -m <module>` on a free port; ready once GET /healthz answers 200."""

    def __init__(self, module: str, env: Mapping[str, str], *, log_name: str, ready_timeout: float = 90.0) -> None:
        self.module = module
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._env = {**os.environ, **env, "HTTP_PORT": str(self.port)}
        self._log_path = VAR / log_name
        self._ready_timeout = ready_timeout
        self._process: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    async def __aenter__(self) -> HttpProcess:
        with open(self._log_path, "wb") as log:  # the child keeps its own descriptor
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                self.module,
                env=self._env,
                cwd=Path.cwd(),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )
        try:
            await self._wait_ready()
        except BaseException:
            await self.stop()
            raise
        return self

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    async def _wait_ready(self) -> None:
        deadline = time.monotonic() + self._ready_timeout
        async with httpx.AsyncClient(base_url=self.url, timeout=1.0) as client:
            while time.monotonic() < deadline:
                if self._process is not None and self._process.returncode is not None:
                    raise RuntimeError(f"{self.module} exited with {self._process.returncode}; see {self._log_path}")
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get("/healthz")).status_code == 200:
                        return
                await asyncio.sleep(0.1)
        raise RuntimeError(f"{self.module} not ready within {self._ready_timeout:.0f}s; see {self._log_path}")

    async def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 20)
        except TimeoutError:
            process.kill()
            await process.wait()


# The roles of the two Deployments of a service (deploy/k8s/base/service): requests go to the API
# processes; the worker's API serves only its probes.
API_ROLES = {"RUN_API": "true", "RUN_CONSUMER": "false", "RUN_RELAY": "false", "RUN_SCHEDULER": "false"}
WORKER_ROLES = {"RUN_API": "true", "RUN_CONSUMER": "true", "RUN_RELAY": "true", "RUN_SCHEDULER": "true"}


class Deployed:
    """A service run as the Kubernetes base deploys it: an API process, which takes the requests and
    writes their rows and outbox rows, and a worker process beside it on the same machine, whose relay
    publishes those rows as they are committed (woken by the commit's NOTIFY) and whose consumer and
    scheduler run as in production. `url` and `pid` are the API's; `worker_pid` the worker's."""

    def __init__(self, module: str, env: Mapping[str, str], *, log_name: str) -> None:
        own = {key: value for key, value in env.items() if not key.startswith("RUN_")}
        self.worker = HttpProcess(module, {**own, **WORKER_ROLES}, log_name=f"{log_name}-worker.log")
        self.api = HttpProcess(module, {**own, **API_ROLES}, log_name=f"{log_name}-api.log")
        self._stack = AsyncExitStack()

    @property
    def url(self) -> str:
        return self.api.url

    @property
    def pid(self) -> int:
        return self.api.pid

    @property
    def worker_pid(self) -> int:
        return self.worker.pid

    async def __aenter__(self) -> Deployed:
        async with AsyncExitStack() as stack:
            await stack.enter_async_context(self.worker)  # first: its relay is up before the first request
            await stack.enter_async_context(self.api)
            self._stack = stack.pop_all()
        return self

    async def __aexit__(self, *exc) -> None:
        await self._stack.aclose()
