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


class LogEnds:
    """The end offset of every partition of some topics, asked through one client kept open: the relay
    asks every few seconds whether the broker still holds what it acknowledged, one ListOffsets (and a
    metadata request when a topic is new to the client) each time. A topic the broker does not have
    has no partition in the answer."""

    def __init__(self, bootstrap_servers: str, *, security: Security | None = None, timeout: float = 10.0) -> None:
        self._bootstrap = bootstrap_servers
        self._security = dict(security or {})
        self._timeout = timeout
        self._client: AIOKafkaConsumer | None = None

    async def __call__(self, topics: list[str]) -> dict[TopicPartition, int]:
        if not topics:
            return {}
        try:
            return await asyncio.wait_for(self._ends(topics), self._timeout)
        except BaseException:
            await self.close()  # a client that failed once is not trusted again
            raise

    async def _ends(self, topics: list[str]) -> dict[TopicPartition, int]:
        if self._client is None:
            client = AIOKafkaConsumer(
                bootstrap_servers=self._bootstrap,
                enable_auto_commit=False,
                request_timeout_ms=int(self._timeout * 1000),
                **self._security,
            )
            try:
                await client.start()
            except BaseException:
                with contextlib.suppress(Exception):
                    await client.stop()
                raise
            self._client = client
        client = self._client
        if any(not client.partitions_for_topic(topic) for topic in topics):
            await client.topics()  # fresh metadata of the cluster (asks for no topic by name: creates none)
        partitions = [
            TopicPartition(topic, partition)
            for topic in topics
            for partition in client.partitions_for_topic(topic) or ()
        ]
        return await client.end_offsets(partitions) if partitions else {}

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                await client.stop()
