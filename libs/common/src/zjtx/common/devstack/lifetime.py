"""What `make run` starts lives no longer than `make run`, and starts only where nothing else listens.

- A child asks the kernel (Linux `prctl(PR_SET_PDEATHSIG)`) for a signal when its parent dies, so a
  supervisor killed with SIGKILL, which can run no clean-up of its own, still takes its services and
  its broker with it. The signal is SIGKILL: they die together, and a service told to stop gracefully
  while its broker vanishes can wait on the broker for a long time. The platform is built to lose nothing
  to a SIGKILL (the outbox, the inbox, offsets committed after the database).
- Before anything starts, each port the stack needs is checked; a taken one stops the start with the
  port and the process holding it (a stack left running by an earlier `make run`, typically)."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys
from collections.abc import Callable, Mapping

_PR_SET_PDEATHSIG = 1


class PortTaken(RuntimeError):
    """A port the stack needs is taken; the message says which and by what."""


def die_with_parent(sig: signal.Signals = signal.SIGKILL) -> Callable[[], None] | None:
    """A `preexec_fn` for subprocess.Popen: the child gets `sig` when the process that started it dies
    (None off Linux: there the supervisor's own shutdown is all there is).

    The kernel ties this to the starting *thread*: start children from the supervisor's main thread."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)  # loaded here: between fork and exec, only call into it
    parent = os.getpid()

    def preexec() -> None:
        if libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
            os._exit(127)  # the child would outlive us unnoticed: better not to run it at all
        if os.getppid() != parent:  # the parent died before the request was made
            os.kill(os.getpid(), sig)

    return preexec


def check_ports_free(ports: Mapping[int, str], host: str = "127.0.0.1") -> None:
    """Raise PortTaken naming each port of `ports` (port -> what it is for) that something listens on,
    with the process holding it when it can be found."""
    taken = [
        f"port {port} ({purpose}) is taken by {holder_of(port)}"
        for port, purpose in ports.items()
        if _listening(host, port)
    ]
    if taken:
        raise PortTaken(
            "; ".join(taken) + ". Stop it (an earlier `make run` still running?), or point DATABASE_URL / "
            "KAFKA_BOOTSTRAP_SERVERS at servers of your own"
        )


def _listening(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def holder_of(port: int) -> str:
    """`pid 1234 (python -m zjtx.registry)`, or why the process cannot be named."""
    import psutil

    try:
        connections = psutil.net_connections(kind="tcp")
    except psutil.AccessDenied:
        return "a process this user may not inspect"
    for connection in connections:
        if connection.status == psutil.CONN_LISTEN and connection.laddr and connection.laddr.port == port:
            if connection.pid is None:
                return "a process of another user"
            try:
                command = " ".join(psutil.Process(connection.pid).cmdline()) or psutil.Process(connection.pid).name()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                command = "?"
            return f"pid {connection.pid} ({_short(command)})"
    return "an unknown process"


def _short(command: str, limit: int = 120) -> str:
    return command if len(command) <= limit else command[: limit - 1] + "…"
