"""`make run` and `make migrate`: the whole platform on one machine with nothing installed.

Start order is PostgreSQL, broker, keys, databases and migrations, services; stop order is the
reverse, driven by one ExitStack so a failure half-way still stops what had started."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from zjtx.common.devstack.broker import BrokerError, TansuBroker
from zjtx.common.devstack.catalog import ServiceSpec, discover, existing
from zjtx.common.devstack.databases import MigrationFailed, database_urls, ensure_databases, migrate_all
from zjtx.common.devstack.keys import load_or_create_dev_keys, write_api_clients
from zjtx.common.devstack.lifetime import PortTaken, check_ports_free
from zjtx.common.devstack.postgres import EmbeddedPostgres
from zjtx.common.devstack.report import summary
from zjtx.common.devstack.supervisor import (
    RunningService,
    ServiceFailed,
    first_exit,
    service_env,
    spawn,
    stop_all,
    wait_healthy,
)

BROKER_PORT = 9092
EXPECTED_FAILURES = (BrokerError, MigrationFailed, PortTaken, ServiceFailed)


@dataclass(frozen=True)
class Paths:
    """Everything the stack keeps lives under var/ (git-ignored; `make clean` removes it)."""

    root: Path

    @property
    def var(self) -> Path:
        return self.root / "var"

    @property
    def pgdata(self) -> Path:
        return self.var / "pg"

    @property
    def logs(self) -> Path:
        return self.var / "log"

    @property
    def dev_keys(self) -> Path:
        return self.var / "dev-keys.json"

    @property
    def api_clients(self) -> Path:
        return self.var / "api-clients.json"


def say(message: str) -> None:
    print(f"devstack: {message}", flush=True)


def start_database(paths: Paths, stack: ExitStack) -> tuple[str, str]:
    """The server URL to use (DATABASE_URL, else the embedded server) and how to describe it."""
    given = os.environ.get("DATABASE_URL")
    if given:
        return given, f"{given} (from DATABASE_URL)"
    say(f"starting embedded PostgreSQL (data in {paths.pgdata})")
    postgres = EmbeddedPostgres(paths.pgdata)
    stack.callback(_announced, "stopping PostgreSQL", postgres.stop)
    url = postgres.start()
    return url, f"{url} (embedded, data in {paths.pgdata})"


def start_broker(paths: Paths, stack: ExitStack) -> tuple[str, str]:
    """The bootstrap servers to use (KAFKA_BOOTSTRAP_SERVERS, else Tansu on 9092) and a description."""
    given = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if given:
        return given, f"{given} (from KAFKA_BOOTSTRAP_SERVERS)"
    say(f"starting the development broker (Tansu) on 127.0.0.1:{BROKER_PORT}")
    paths.logs.mkdir(parents=True, exist_ok=True)
    broker = TansuBroker(BROKER_PORT, log_path=paths.logs / "tansu.log", tied_to_parent=True)
    broker.start()  # a failed start leaves nothing running
    stack.callback(_announced, "stopping the broker", broker.stop)
    return broker.bootstrap_servers, f"{broker.bootstrap_servers} (Tansu, memory only; relays resend what it lost)"


def _announced(message: str, action: Callable[..., object], *args: object) -> None:
    say(message)
    action(*args)


def _stop_services(services: list[RunningService]) -> None:
    if services:
        _announced(f"stopping {', '.join(s.spec.name for s in services)}", stop_all, services)


def _prepare(paths: Paths, server_url: str, specs: list[ServiceSpec]) -> None:
    ensure_databases(server_url, specs)
    migrated = migrate_all(paths.root, server_url, specs)
    if migrated:
        say(f"migrated: {', '.join(migrated)}")


def _stop_on_signals() -> threading.Event:
    """SIGINT and SIGTERM only ask the stack to stop; the main loop then stops things in order."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    return stop


def run(root: Path) -> int:
    """Start everything, print where it is, wait for Ctrl-C or SIGTERM (exit 0) or a service dying (exit 1)."""
    code = _run(Paths(root), _stop_on_signals())
    say("stopped" if code == 0 else f"stopped (exit {code})")
    return code


def _run(paths: Paths, stop: threading.Event) -> int:
    root = paths.root
    specs, notes = discover(root)
    services: list[RunningService] = []
    with ExitStack() as stack:
        try:
            check_ports_free(ports_needed(specs))  # before anything starts: nothing to stop then
            server_url, database = start_database(paths, stack)
            bootstrap, broker = start_broker(paths, stack)
            keys = load_or_create_dev_keys(paths.dev_keys)
            write_api_clients(keys, paths.api_clients)
            _prepare(paths, server_url, specs)
            if stop.is_set():
                return 0
            stack.callback(_stop_services, services)
            _start_services(paths, specs, server_url, bootstrap, services)
            wait_healthy(services, stop)
            if stop.is_set():
                return 0
            print(
                summary(
                    root=root,
                    services=services,
                    notes=notes,
                    database=database,
                    broker=broker,
                    keys_path=paths.dev_keys,
                    keys=keys,
                ),
                flush=True,
            )
            return _watch(services, stop)
        except EXPECTED_FAILURES as exc:
            print(f"devstack: {exc}", file=sys.stderr, flush=True)
            return 1
        finally:
            say("stop requested, shutting down" if stop.is_set() else "shutting down")


def ports_needed(specs: list[ServiceSpec]) -> dict[int, str]:
    """The ports this run will listen on: each service's, and the broker's unless one is given."""
    ports = {spec.port: spec.name for spec in specs}
    if not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        ports[BROKER_PORT] = "the development broker"
    return ports


def _start_services(
    paths: Paths, specs: list[ServiceSpec], server_url: str, bootstrap: str, services: list[RunningService]
) -> None:
    """Spawn each service into `services` (appended one by one, so a failure still stops those started)."""
    urls = database_urls(server_url, specs)
    for spec in specs:
        env = service_env(
            spec, database_url=urls[spec.name], bootstrap_servers=bootstrap, clients_file=paths.api_clients
        )
        services.append(spawn(spec, env, paths.logs, paths.root))
    if specs:
        say(f"waiting for {', '.join(s.name for s in specs)} to answer /healthz")


def _watch(services: list[RunningService], stop: threading.Event) -> int:
    """Wait for a stop request (0), or report the first service that dies on its own (1)."""
    while not stop.wait(0.5):
        dead = first_exit(services)
        if dead is not None:
            print(
                f"devstack: {dead.failure(f'exited unexpectedly with code {dead.exited()}')}",
                file=sys.stderr,
                flush=True,
            )
            return 1
    return 0


def migrate(root: Path) -> int:
    """Create and migrate every existing service's database, starting (then stopping) the embedded server if needed."""
    paths = Paths(root)
    specs = existing(root)
    with ExitStack() as stack:
        try:
            server_url, database = start_database(paths, stack)
            say(f"database server: {database}")
            _prepare(paths, server_url, specs)
        except EXPECTED_FAILURES as exc:
            print(f"devstack: {exc}", file=sys.stderr, flush=True)
            return 1
    return 0
