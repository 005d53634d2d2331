"""Kafka clients as the platform uses them. The development broker has neither idempotent producers nor
transactions, so producers run with idempotence off and acks="all"; exactly-once effects come from the
outbox and the inbox alone."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Mapping
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.helpers import create_ssl_context

from zjtx.common.settings import ServiceSettings

log = logging.getLogger(__name__)

# aiokafka's keyword arguments for reaching the brokers securely (security_protocol, ssl_context, sasl_*),
# as client_security makes them; empty means plaintext.
Security = Mapping[str, Any]


class KafkaSecurityError(RuntimeError):
    """The TLS files of the settings exist but cannot be used (not PEM, key not the certificate's, ...)."""


def client_security(settings: ServiceSettings) -> dict[str, Any]:
    """The one place KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_* and KAFKA_SASL_* become aiokafka's arguments:
    every producer, consumer and admin client of the kit, and the readiness check, take these. The
    settings were validated when read (zjtx.common.settings.kafka_security_problems); the files are
    loaded here, so a bad certificate or key stops the process at start with the file named."""
    protocol = settings.kafka_security_protocol
    options: dict[str, Any] = {"security_protocol": protocol.value}
    if protocol.uses_tls:
        password = settings.kafka_ssl_key_password
        try:
            options["ssl_context"] = create_ssl_context(
                cafile=settings.kafka_ssl_ca_file,
                certfile=settings.kafka_ssl_cert_file,
                keyfile=settings.kafka_ssl_key_file,
                # A callable, so an encrypted key without KAFKA_SSL_KEY_PASSWORD fails instead of
                # OpenSSL asking for the password on a terminal.
                password=(lambda: password.get_secret_value()) if password is not None else (lambda: b""),
            )
        except (ssl.SSLError, OSError, ValueError) as exc:
            raise KafkaSecurityError(
                "cannot load the Kafka TLS files (KAFKA_SSL_CA_FILE="
                f"{settings.kafka_ssl_ca_file}, KAFKA_SSL_CERT_FILE={settings.kafka_ssl_cert_file}, "
                f"KAFKA_SSL_KEY_FILE={settings.kafka_ssl_key_file}): {exc}"
            ) from exc
    if protocol.uses_sasl:
        assert settings.kafka_sasl_mechanism is not None and settings.kafka_sasl_password is not None
        options["sasl_mechanism"] = settings.kafka_sasl_mechanism.value
        options["sasl_plain_username"] = settings.kafka_sasl_username
        options["sasl_plain_password"] = settings.kafka_sasl_password.get_secret_value()
    return options


def create_producer(bootstrap_servers: str, *, client_id: str, security: Security | None = None) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=False,
        linger_ms=2,
        max_batch_size=512 * 1024,
        request_timeout_ms=10_000,
        **(security or {}),
    )


async def ensure_topics(
    bootstrap_servers: str,
    topics: list[str],
    *,
    partitions: int,
    replication_factor: int,
    security: Security | None = None,
) -> None:
    """Create the topics a service produces to or consumes from, if missing (idempotent)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=10_000, **(security or {}))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in dict.fromkeys(topics) if t not in existing]
        if not missing:
            return
        with contextlib.suppress(TopicAlreadyExistsError):  # another replica created them first
            await admin.create_topics(
                [NewTopic(t, num_partitions=partitions, replication_factor=replication_factor) for t in missing]
            )
        log.info("created topics %s", ", ".join(missing))
    finally:
        await admin.close()


async def broker_reachable(bootstrap_servers: str, *, timeout: float = 1.0, security: Security | None = None) -> bool:
    """A cheap readiness probe: can a connection be opened to any bootstrap server? With TLS in the
    security arguments, a TLS handshake too (the broker's certificate verified as the clients will)."""
    context = (security or {}).get("ssl_context")
    for server in bootstrap_servers.split(","):
        host, _, port = server.strip().rpartition(":")
        host = host or "127.0.0.1"
        tls = {"ssl": context, "server_hostname": host} if context is not None else {}
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port), **tls), timeout)
        except (TimeoutError, OSError, ValueError):  # ssl.SSLError is an OSError
            continue
        writer.close()
        return True
    return False


async def empty_topics(bootstrap_servers: str, topics: list[str], *, security: Security | None = None) -> set[str]:
    """The topics of `topics` that hold nothing: missing, or every partition's end offset 0. A topic
    never shrinks back to 0 on a broker that keeps its log (retention moves the start, not the end),
    so one the relay sent to and finds empty is on a broker that forgot it (the development broker,
    restarted)."""
    client = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, enable_auto_commit=False, request_timeout_ms=10_000, **(security or {})
    )
    await client.start()
    try:
        existing = await client.topics()
        partitions = [
            TopicPartition(topic, partition)
            for topic in topics
            if topic in existing
            for partition in client.partitions_for_topic(topic) or ()
        ]
        ends = await client.end_offsets(partitions) if partitions else {}
    finally:
        await client.stop()
    holding = {partition.topic for partition, end in ends.items() if end > 0}
    return set(topics) - holding
