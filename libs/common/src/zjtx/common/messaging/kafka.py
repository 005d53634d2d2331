"""Kafka clients as the platform uses them. The development broker has neither idempotent producers nor
transactions, so producers run with idempotence off and acks="all"; exactly-once effects come from the
outbox and the inbox alone."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

log = logging.getLogger(__name__)


def create_producer(bootstrap_servers: str, *, client_id: str) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=False,
        linger_ms=2,
        max_batch_size=512 * 1024,
        request_timeout_ms=10_000,
    )


async def ensure_topics(bootstrap_servers: str, topics: list[str], *, partitions: int, replication_factor: int) -> None:
    """Create the topics a service produces to or consumes from, if missing (idempotent)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=10_000)
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


async def broker_reachable(bootstrap_servers: str, *, timeout: float = 1.0) -> bool:
    """A cheap readiness probe: can a TCP connection be opened to any bootstrap server?"""
    for server in bootstrap_servers.split(","):
        host, _, port = server.strip().rpartition(":")
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection(host or "127.0.0.1", int(port)), timeout)
        except (TimeoutError, OSError, ValueError):
            continue
        writer.close()
        return True
    return False


async def empty_topics(bootstrap_servers: str, topics: list[str]) -> set[str]:
    """The topics of `topics` that hold nothing: missing, or every partition's end offset 0. A topic
    never shrinks back to 0 on a broker that keeps its log (retention moves the start, not the end),
    so one the relay sent to and finds empty is on a broker that forgot it (the development broker,
    restarted)."""
    client = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False, request_timeout_ms=10_000)
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
