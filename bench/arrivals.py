"""The probe consumer of benchmark 3, run as `python -m bench.arrivals BOOTSTRAP TOPIC`: an aiokafka
consumer configured like the platform's EventConsumer, in its own process so the writer and the relay
do not share its event loop. It reads from the end of every partition, prints `ready`, then one line
`<event_id> <arrival unix time>` per message, until its standard input closes."""

from __future__ import annotations

import asyncio
import json
import sys
import time

from aiokafka import AIOKafkaConsumer, TopicPartition

from zjtx.common.settings import ServiceSettings

# What the platform's consumers run with (CONSUMER_FETCH_MAX_WAIT_MS, read as a service reads it). On
# the development broker a fetch is answered on this timer rather than when data arrives, so it bounds
# the latency of every event, relayed or not: the baseline shows how much.
FETCH_MAX_WAIT_MS = ServiceSettings().consumer_fetch_max_wait_ms


async def consume(bootstrap_servers: str, topic: str) -> None:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        enable_auto_commit=False,
        max_poll_records=500,
        fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
    )
    await consumer.start()
    try:
        await consumer.topics()  # fetches the cluster's metadata, so the topic's partitions are known
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        if not partitions:
            raise SystemExit(f"topic {topic} does not exist")
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        for partition in partitions:  # resolve the end offsets now, not at the first fetch
            await consumer.position(partition)
        print("ready", flush=True)
        stdin_closed = asyncio.ensure_future(_stdin_closed())
        while not stdin_closed.done():
            batch = await consumer.getmany(timeout_ms=200)
            arrived = time.time()
            lines = [
                f"{json.loads(record.value)['event_id']} {arrived:.6f}"
                for records in batch.values()
                for record in records
            ]
            if lines:
                sys.stdout.write("\n".join(lines) + "\n")
                sys.stdout.flush()
    finally:
        await consumer.stop()


async def _stdin_closed() -> None:
    await asyncio.to_thread(sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(consume(sys.argv[1], sys.argv[2]))
