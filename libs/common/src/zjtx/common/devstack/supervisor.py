"""Service processes of the development stack: spawned with their environment, waited for until
/healthz answers, watched for unexpected exits, and stopped with SIGTERM (SIGKILL after a timeout)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import httpx

from zjtx.common.devstack.catalog import ServiceSpec
from zjtx.common.devstack.lifetime import die_with_parent


class ServiceFailed(RuntimeError):
    """A service exited or never became healthy; the message names it and shows its last log lines."""


@dataclass
class RunningService:
    spec: ServiceSpec
    process: subprocess.Popen[bytes]
    log_path: Path

    def exited(self) -> int | None:
        return self.process.poll()

    def failure(self, what: str) -> ServiceFailed:
        return ServiceFailed(f"{self.spec.name} {what}; last lines of {self.log_path}:\n{log_tail(self.log_path)}")


def service_env(spec: ServiceSpec, *, database_url: str, bootstrap_servers: str, clients_file: Path) -> dict[str, str]:
    """The process environment of one service: ours plus the settings of zjtx.common.settings."""
    return {
        **os.environ,
        "SERVICE_NAME": spec.name,
        "ENVIRONMENT": "development",
        "DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap_servers,
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(spec.port),
        "API_CLIENTS_FILE": str(clients_file),
        "PYTHONUNBUFFERED": "1",
    }


def spawn(spec: ServiceSpec, env: dict[str, str], log_dir: Path, cwd: Path) -> RunningService:
    """Start `python -m zjtx.<package>`, its output appended to var/log/<service>.log."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{spec.name}.log"
    with open(log_path, "ab") as log:
        log.write(f"\n=== devstack started {spec.module} at {time.strftime('%Y-%m-%d %H:%M:%S')} ===\n".encode())
        log.flush()
        # Its own process group, so a Ctrl-C in the terminal reaches only the supervisor, which
        # then stops services before the broker and the database they need; and SIGKILL from the
        # kernel should the supervisor die without stopping it (zjtx.common.devstack.lifetime).
        process = subprocess.Popen(
            [sys.executable, "-m", spec.module],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            process_group=0,
            preexec_fn=die_with_parent(),
        )
    return RunningService(spec, process, log_path)


def wait_healthy(services: list[RunningService], stop: threading.Event, timeout: float = 120.0) -> None:
    """Return once every service answers GET /healthz with 200, or when `stop` is set."""
    waiting = list(services)
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=1.0) as http:
        while waiting and not stop.is_set():
            for service in list(waiting):
                code = service.exited()
                if code is not None:
                    raise service.failure(f"exited with code {code} while starting")
                if _healthy(http, service.spec):
                    waiting.remove(service)
            if waiting and time.monotonic() > deadline:
                names = ", ".join(s.spec.name for s in waiting)
                raise waiting[0].failure(f"did not answer /healthz within {timeout:.0f}s (waiting for: {names})")
            if waiting:
                stop.wait(0.25)


def _healthy(http: httpx.Client, spec: ServiceSpec) -> bool:
    try:
        return http.get(f"{spec.url}/healthz").status_code == 200
    except httpx.HTTPError:
        return False


def first_exit(services: list[RunningService]) -> RunningService | None:
    """The first service found no longer running, if any."""
    return next((s for s in services if s.exited() is not None), None)


def stop_all(services: list[RunningService], timeout: float = 15.0) -> None:
    """SIGTERM every service at once, give them `timeout` seconds to finish work in hand, then SIGKILL."""
    for service in services:
        if service.exited() is None:
            service.process.terminate()
    deadline = time.monotonic() + timeout
    for service in services:
        try:
            service.process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"  {service.spec.name} did not stop within {timeout:.0f}s; killing it", flush=True)
            service.process.kill()
            service.process.wait()


def log_tail(path: Path, lines: int = 25) -> str:
    try:
        with open(path, errors="replace") as log:
            return "".join(deque(log, maxlen=lines)).rstrip() or "(empty)"
    except OSError:
        return "(no log)"
