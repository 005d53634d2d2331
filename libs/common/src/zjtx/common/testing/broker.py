"""The real broker in tests: producing events as another service's relay would, reading a topic from
the start, a relay built for tests, and whether a consumer group has committed all there is to read."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import asdict
from functools import partial

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from zjtx.common.messaging.consumer import GroupTiming
from zjtx.common.messaging.envelope import Envelope
from zjtx.common.messaging.kafka import create_producer, ensure_topics
from zjtx.common.messaging.relay import OutboxRelay
from zjtx.common.testing.waiting import eventually

# The development broker holds a joining member for about the rebalance timeout: keep tests quick.
FAST_GROUP = GroupTiming(session_timeout_ms=1500, heartbeat_interval_ms=200, rebalance_timeout_ms=500)
FAST_GROUP_KWARGS = {k: v for k, v in asdict(FAST_GROUP).items() if k != "fetch_max_wait_ms"}
PARTITIONS = 3


async def produce_raw(bootstrap: str, topic: str, messages: list[tuple[bytes, bytes]]) -> None:
    """Put (key, value) messages on a topic as they are: for what no relay of ours would send."""
    await ensure_topics(bootstrap, [topic], partitions=PARTITIONS, replication_factor=1)
    producer = create_producer(bootstrap, client_id="test-producer")
    await producer.start()
    try:
        for key, value in messages:
            await producer.send_and_wait(topic, key=key, value=value)
    finally:
        await producer.stop()


async def produce(bootstrap: str, envelopes: list[Envelope]) -> None:
    """What another service's relay would do: put the events on their topics, in order."""
    await ensure_topics(bootstrap, sorted({e.topic for e in envelopes}), partitions=PARTITIONS, replication_factor=1)
    producer = create_producer(bootstrap, client_id="test-producer")
    await producer.start()
    try:
        for envelope in envelopes:
            await producer.send_and_wait(envelope.topic, key=envelope.key.encode(), value=envelope.to_bytes())
    finally:
        await producer.stop()


async def read_topic(bootstrap: str, topic: str, *, expected: int, timeout: float = 20.0) -> list[bytes]:
    """The raw messages of a topic from the start (a fresh group), once `expected` are in (or the timeout)."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"test-{uuid.uuid4()}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        **FAST_GROUP_KWARGS,
    )
    await consumer.start()
    received: list[bytes] = []
    try:
        deadline = asyncio.get_running_loop().time() + timeout
        while len(received) < expected and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                received += [r.value for r in records]
    finally:
        await consumer.stop()
    return received


async def collect(bootstrap: str, topic: str, *, expected: int, timeout: float = 20.0) -> list[Envelope]:
    """The envelopes of a topic from the start, once `expected` are in (or the timeout)."""
    return [Envelope.from_bytes(raw) for raw in await read_topic(bootstrap, topic, expected=expected, timeout=timeout)]


def make_relay(
    sessions,
    bootstrap: str,
    *,
    batch_size: int = 200,
    batches_per_commit: int = 10,
    max_backoff: float = 0.5,
    poll_seconds: float = 0.1,
    listen_dsn: dict | None = None,
) -> OutboxRelay:
    return OutboxRelay(
        sessions=sessions,
        producer_factory=partial(create_producer, bootstrap, client_id="test-relay"),
        listen_dsn=listen_dsn,
        batch_size=batch_size,
        batches_per_commit=batches_per_commit,
        poll_seconds=poll_seconds,
        max_backoff_seconds=max_backoff,
        prepare_topics=partial(ensure_topics, bootstrap, partitions=PARTITIONS, replication_factor=1),
    )


async def group_caught_up(bootstrap: str, group: str, topics: list[str]) -> bool:
    """Whether `group` has committed, on every partition of `topics`, the offset after the last message:
    from then on nothing can be delivered to it again."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await admin.start()
    await reader.start()
    try:
        partitions = [
            TopicPartition(topic, p) for topic in topics for p in sorted(reader.partitions_for_topic(topic) or ())
        ]
        if not partitions:
            await reader.topics()  # load the metadata once, then ask again
            partitions = [
                TopicPartition(topic, p) for topic in topics for p in sorted(reader.partitions_for_topic(topic) or ())
            ]
        ends = await reader.end_offsets(partitions)
        committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
        return all(
            ends[p] == 0 or (committed.get(p) is not None and committed[p].offset >= ends[p]) for p in partitions
        )
    finally:
        await reader.stop()
        await admin.close()


async def rewind_group(bootstrap: str, group: str, topics: tuple[str, ...] | list[str]) -> None:
    """What an operator's `kafka-consumer-groups --reset-offsets --to-earliest` does: commit offset 0 on
    every partition of `topics` for `group`, joining it as its only member (the development broker
    refuses a commit from outside the group). The group's consumers must be stopped first."""
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        **FAST_GROUP_KWARGS,
    )
    await consumer.start()
    try:
        await consumer.topics()  # the cluster's metadata, so the partitions are known
        expected = sum(len(consumer.partitions_for_topic(t) or ()) for t in topics)
        assert all(consumer.partitions_for_topic(t) for t in topics), f"no metadata for {topics}"

        async def assigned():
            await consumer.getmany(timeout_ms=100)  # drives the join; what it fetches is not committed
            return len(consumer.assignment()) == expected

        await eventually(assigned, what=f"the whole of group {group} assigned")
        await consumer.commit({partition: 0 for partition in consumer.assignment()})
    finally:
        await consumer.stop()
