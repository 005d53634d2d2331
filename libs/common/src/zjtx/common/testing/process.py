"""A service as a real process in tests: `python -m zjtx.<service>` on a free port, with the clients file
and settings it is given, started and waited for (GET /healthz), signalled, stopped."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from zjtx.common.devstack.broker import free_port
from zjtx.common.kit import ServiceDefinition
from zjtx.common.testing.waiting import wait_until
from zjtx.common.web.auth import write_clients_file


class ServiceProcess:
    """One service process. `clients` maps a client name to {key, scopes[, attributes]}; `settings`
    are environment variables on top of the test defaults (fast group timing, ENVIRONMENT=test)."""

    def __init__(
        self,
        definition: ServiceDefinition,
        *,
        database_url: str,
        bootstrap: str,
        workdir: Path,
        clients: Mapping[str, Mapping[str, Any]],
        settings: Mapping[str, str] | None = None,
    ) -> None:
        self.definition = definition
        self.port = free_port()
        clients_file = workdir / f"{definition.name}-{self.port}-clients.json"
        write_clients_file(clients_file, {name: dict(client) for name, client in clients.items()})
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "HTTP_PORT": str(self.port),
            "API_CLIENTS_FILE": str(clients_file),
            "ENVIRONMENT": "test",
            "CONSUMER_SESSION_TIMEOUT_MS": "1500",
            "CONSUMER_HEARTBEAT_INTERVAL_MS": "200",
            "CONSUMER_REBALANCE_TIMEOUT_MS": "500",
            **(settings or {}),
        }
        self.log = workdir / f"{definition.name}-{self.port}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 60.0) -> None:
        """Start it and wait until /healthz answers (it migrates its database first)."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", f"zjtx.{self.definition.package}"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        # One client for the whole wait: each new httpx client loads the CA bundle into an SSL context,
        # some 20 ms of CPU, and a poll every 50 ms with a new one took half a core while a service started.
        with httpx.Client(timeout=1.0) as http:

            def answering() -> bool:
                if self.process is None or self.process.poll() is not None:
                    raise AssertionError(f"{self.definition.name} exited")
                try:
                    return http.get(f"{self.url}/healthz").status_code == 200
                except httpx.TransportError:
                    return False

            try:
                wait_until(answering, timeout=timeout, what=f"{self.definition.name} answering /healthz")
            except AssertionError as failed:
                raise AssertionError(f"{failed}:\n{self.tail()}") from None

    def signal(self, sig: int, *, timeout: float = 20.0) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def tail(self, characters: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-characters:] if self.log.exists() else ""
