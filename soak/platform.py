"""The platform under test: the embedded PostgreSQL, a broker of its own and the five services as real
processes, each on a fresh database, started, killed and started again."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections import Counter
from pathlib import Path

from soak.ledger import DEFINITIONS, WEBHOOK_SECRET, log
from zjtx.common.db import drop_database, ensure_database, with_database
from zjtx.common.devstack.broker import TansuBroker
from zjtx.common.kit import ServiceDefinition
from zjtx.common.testing.process import ServiceProcess
from zjtx.common.web.auth import SCOPES, new_key

# -- the platform --------------------------------------------------------------------------------------


class Platform:
    def __init__(self, server_url: str, broker: TansuBroker, workdir: Path) -> None:
        self.server_url, self.broker, self.workdir = server_url, broker, workdir
        self.admin_key, self.intake_key = new_key(), new_key()
        self.urls: dict[str, str] = {}  # service -> database URL
        self.processes: dict[str, ServiceProcess] = {}
        self.kills: Counter = Counter()
        self.broker_restarts = 0

    @property
    def clients(self) -> dict:
        return {
            "soak-admin": {"key": self.admin_key, "scopes": list(SCOPES)},
            "soak-12345": {
                "key": self.intake_key,
                "scopes": ["hotline:intake", "hotline:read"],
                "attributes": {"webhook_secret": WEBHOOK_SECRET},
            },
        }

    async def create_databases(self) -> None:
        for definition in DEFINITIONS:
            name = f"zjtx_soak_{definition.package}_{os.getpid()}"
            await ensure_database(self.server_url, name)
            self.urls[definition.name] = with_database(self.server_url, name)

    async def drop_databases(self) -> None:
        for url in self.urls.values():
            with contextlib.suppress(Exception):
                await drop_database(self.server_url, url.rsplit("/", 1)[1].split("?")[0])

    def process(self, definition: ServiceDefinition) -> ServiceProcess:
        return ServiceProcess(
            definition,
            database_url=self.urls[definition.name],
            bootstrap=self.broker.bootstrap_servers,
            workdir=self.workdir,
            clients=self.clients,
            settings={"ENVIRONMENT": "development", "RELAY_POLL_SECONDS": "0.5", "LOG_LEVEL": "WARNING"},
        )

    def start_all(self) -> None:
        for definition in DEFINITIONS:
            service = self.process(definition)
            self.processes[definition.name] = service
            log(f"starting {definition.name} on {service.url}")
            service.start(timeout=180)

    def url(self, name: str) -> str:
        return self.processes[name].url

    async def kill_and_restart(self, name: str, pause: float) -> None:
        """SIGKILL, a pause, and the same service started again on the same port and database."""
        service = self.processes[name]
        assert service.process is not None
        service.process.send_signal(signal.SIGKILL)
        await asyncio.to_thread(service.process.wait)
        self.kills[name] += 1
        await asyncio.sleep(pause)
        await asyncio.to_thread(self._restart, service)

    @staticmethod
    def _restart(service: ServiceProcess) -> None:
        for attempt in range(5):  # the port may linger a moment after the kill
            try:
                service.start(timeout=180)
                return
            except AssertionError:
                if attempt == 4:
                    raise
                time.sleep(2)

    async def restart_broker(self) -> None:
        """The broker restarted: memory only, it comes back holding nothing."""
        await asyncio.to_thread(self.broker.kill)
        await asyncio.to_thread(self.broker.start)
        self.broker_restarts += 1

    async def restart_everything(self) -> None:
        """As a crash of the whole machine and `make run` again: every service SIGKILLed, the broker
        restarted (empty), every service started again (at once)."""
        for service in self.processes.values():
            assert service.process is not None
            service.process.send_signal(signal.SIGKILL)
            await asyncio.to_thread(service.process.wait)
            self.kills[service.definition.name] += 1
        await self.restart_broker()
        await asyncio.gather(*(asyncio.to_thread(self._restart, service) for service in self.processes.values()))

    def stop_all(self) -> None:
        for service in self.processes.values():
            service.stop()

    def ensure_running(self) -> None:
        for service in self.processes.values():
            if service.process is None or service.process.poll() is not None:
                log(f"{service.definition.name} was down at the end: starting it")
                self._restart(service)
