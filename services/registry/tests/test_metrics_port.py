"""The registry as a real process with METRICS_PORT: its metrics there alone (the API's port answers
404), the gauges sampled from its database and its consumer's lag per partition among them."""

from __future__ import annotations

import signal

import httpx
import pytest

from zjtx.common.devstack.broker import free_port
from zjtx.common.testing.process import ServiceProcess
from zjtx.common.testing.waiting import eventually
from zjtx.registry.definition import REGISTRY

pytestmark = [pytest.mark.broker, pytest.mark.slow]


async def test_metrics_on_their_own_port_with_the_sampled_gauges_and_the_lag(database_url, committed, broker, tmp_path):
    port = free_port()
    registry = ServiceProcess(
        REGISTRY,
        database_url=database_url,
        bootstrap=broker.bootstrap_servers,
        workdir=tmp_path,
        clients={"platform": {"key": "metrics-port-key", "scopes": ["registry:read"]}},
        settings={"METRICS_PORT": str(port), "METRICS_SAMPLE_SECONDS": "0.2"},
    )
    registry.start()
    try:
        async with httpx.AsyncClient() as http:
            assert (await http.get(f"{registry.url}/metrics")).status_code == 404

            async def scraped() -> str | None:
                text = (await http.get(f"http://127.0.0.1:{port}/metrics")).text
                wanted = ('zjtx_dead_letters_open{consumer="registry"} 0.0', "zjtx_outbox_backlog 0.0")
                lag = 'zjtx_consumer_lag{group="registry",partition="0",topic="awards.award"}'
                return text if all(w in text for w in wanted) and lag in text else None

            text = await eventually(scraped, timeout=30, what="the sampled gauges and the lag on the metrics port")
    finally:
        assert registry.signal(signal.SIGTERM) == 0
    assert "zjtx_outbox_oldest_unsent_age_seconds 0.0" in text
