"""`make run`'s supervisor leaves nothing behind (zjtx.common.devstack.lifetime): killed with SIGKILL, it
can clean nothing up itself, yet the service and the broker it started stop; and a port it needs that
is taken stops it before anything starts, saying which port and what holds it."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap

import httpx
import psutil
import pytest

from zjtx.common.devstack.broker import free_port, port_accepts
from zjtx.common.devstack.catalog import SERVICES
from zjtx.common.devstack.lifetime import PortTaken, check_ports_free, die_with_parent
from zjtx.common.devstack.stack import BROKER_PORT, ports_needed
from zjtx.common.testing.waiting import eventually
from zjtx.common.web.auth import write_clients_file

pytestmark = [pytest.mark.broker, pytest.mark.slow]

# A supervisor as `make run` runs one: the broker and a service (the registry) started by the
# devstack's own code, then waiting, as the real one does, until it is stopped.
SUPERVISOR = textwrap.dedent(
    """
    import json, sys, threading
    from pathlib import Path
    from zjtx.common.devstack.broker import TansuBroker, free_port
    from zjtx.common.devstack.catalog import ServiceSpec
    from zjtx.common.devstack.supervisor import service_env, spawn

    database_url, clients_file, workdir = sys.argv[1:4]
    broker = TansuBroker(free_port(), log_path=Path(workdir) / "tansu.log", tied_to_parent=True)
    broker.start()
    spec = ServiceSpec("registry", "registry", free_port())
    env = service_env(spec, database_url=database_url, bootstrap_servers=broker.bootstrap_servers,
                      clients_file=Path(clients_file))
    service = spawn(spec, env, Path(workdir), Path(workdir))
    print(json.dumps({"broker": [broker.pid, broker.port], "service": [service.process.pid, spec.port]}), flush=True)
    threading.Event().wait()
    """
)


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE  # dead, not yet reaped by init
    except psutil.NoSuchProcess:
        return True


async def test_a_supervisor_killed_with_sigkill_takes_its_service_and_broker_with_it(registry_database_url, tmp_path):
    clients = tmp_path / "clients.json"
    write_clients_file(clients, {"platform": {"key": "k", "scopes": ["registry:read"]}})
    (tmp_path / "supervisor.py").write_text(SUPERVISOR)
    supervisor = subprocess.Popen(
        [sys.executable, str(tmp_path / "supervisor.py"), registry_database_url, str(clients), str(tmp_path)],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        preexec_fn=die_with_parent(),  # should this test's process die, the supervisor goes too
    )
    children: list[int] = []
    try:
        started = json.loads(await asyncio.wait_for(asyncio.to_thread(supervisor.stdout.readline), 60))
        (broker_pid, broker_port), (service_pid, service_port) = started["broker"], started["service"]
        children = [broker_pid, service_pid]

        async def healthy() -> bool:
            try:
                async with httpx.AsyncClient(timeout=1.0) as http:
                    return (await http.get(f"http://127.0.0.1:{service_port}/healthz")).status_code == 200
            except httpx.TransportError:
                return False

        await eventually(healthy, timeout=60, what="the supervised registry answering /healthz")

        supervisor.send_signal(signal.SIGKILL)
        assert supervisor.wait(timeout=10) == -signal.SIGKILL

        async def all_gone() -> bool:
            ports_closed = not port_accepts("127.0.0.1", broker_port) and not port_accepts("127.0.0.1", service_port)
            return all(_gone(pid) for pid in children) and ports_closed

        await eventually(all_gone, timeout=30, what="the broker and the service gone, their ports closed")
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
        for pid in children:  # only if the mechanism failed: leave nothing behind on the machine
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)


async def test_a_taken_port_is_named_with_the_process_that_holds_it(tmp_path):
    port = free_port()
    holder = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await eventually(
            lambda: asyncio.to_thread(port_accepts, "127.0.0.1", port), timeout=20, what="the holder listening"
        )
        with pytest.raises(PortTaken) as taken:
            check_ports_free({port: "registry", free_port(): "awards"})
        message = str(taken.value)
        assert f"port {port} (registry) is taken by pid {holder.pid} (" in message
        assert "http.server" in message and "awards" not in message
    finally:
        holder.terminate()
        holder.wait()
    check_ports_free({port: "registry"})  # free again: nothing raised


def test_make_run_checks_every_port_it_will_listen_on(monkeypatch):
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    assert ports_needed(list(SERVICES)) == {**{s.port: s.name for s in SERVICES}, BROKER_PORT: "the development broker"}
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "elsewhere:9092")  # no broker of its own: not its port
    assert BROKER_PORT not in ports_needed(list(SERVICES))
