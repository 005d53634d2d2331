"""A consumer's watch on a broker that forgets (the development broker keeps its logs and the groups'
offsets in memory: restarted, it holds nothing). The consumer knows the offsets it committed; a broker
that holds a lower one (or none) for a partition assigned to it has forgotten them, which a broker that
keeps its offsets never shows. Its positions then point into logs that started again at 0, so it reads
each assigned partition again from the beginning (its inbox skips what it had applied) instead of
skipping as many messages or waiting beyond the end. It asks (one OffsetFetch) when a connection to the
broker was lost and every `check_seconds`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import IllegalStateError, KafkaError

log = logging.getLogger(__name__)

CHECK_OFFSETS_EVERY_SECONDS = 5.0  # how often a running consumer asks whether the broker forgot its offsets

Batch = dict[TopicPartition, list[ConsumerRecord]]


class OffsetWatch:
    def __init__(self, name: str, *, check_seconds: float = CHECK_OFFSETS_EVERY_SECONDS) -> None:
        self._name = name
        self._check_seconds = check_seconds
        # What the consumer committed last, per partition, across restarts of its Kafka client.
        self._committed: dict[TopicPartition, int] = {}
        self._checked_at = time.monotonic()
        self._connections_seen: list[Any] = []
        self.checks = 0  # how many times it asked the broker for the group's offsets
        self.rewinds = 0  # how many times the broker was found to have forgotten them

    def committed(self, kafka: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        """The consumer committed these offsets (none: it committed nothing this round)."""
        self._committed.update(offsets)
        self._remember_connections(kafka)

    def should_check(self) -> bool:
        """Whether to ask the broker for the group's offsets before applying a batch: only once the
        consumer committed something; every `check_seconds`, or at once when a connection to the
        broker was lost since the last commit (a broker restarted closes them; the client opens new
        ones and fetches on at the positions it had)."""
        if not self._committed:
            return False
        return time.monotonic() - self._checked_at >= self._check_seconds or self.connection_lost()

    def connection_lost(self) -> bool:
        return any(not connection.connected() for connection in self._connections_seen)

    def _remember_connections(self, kafka: AIOKafkaConsumer) -> None:
        # aiokafka keeps its connections in the client's _conns; without it, the timer alone looks.
        client = getattr(kafka, "_client", None)
        connections = getattr(client, "_conns", None)
        self._connections_seen = list(connections.values()) if isinstance(connections, dict) else []

    async def offsets_held(self, kafka: AIOKafkaConsumer, batch: Batch) -> bool:
        """Whether the broker still holds the offsets the consumer committed on its assigned partitions.
        If not (none, or lower: the broker forgot them), every assigned partition is read again from its
        beginning and False is returned; False too when the broker could not answer, the batch's
        partitions then read again from its first records. In both cases the batch is not applied."""
        assigned = set(kafka.assignment())
        if not assigned:  # joining the group: nothing fetched, nothing to ask about yet
            return True
        self._committed = {p: offset for p, offset in self._committed.items() if p in assigned}
        mine = sorted(self._committed, key=lambda p: (p.topic, p.partition))
        try:
            held = await asyncio.wait_for(asyncio.gather(*(kafka.committed(p) for p in mine)), 10.0)
        except (TimeoutError, KafkaError) as exc:
            log.warning("%s: cannot read the group's offsets (%r); reading the batch again", self._name, exc)
            for partition, records in batch.items():
                if records:
                    with contextlib.suppress(IllegalStateError):  # no longer assigned: a rebalance
                        kafka.seek(partition, records[0].offset)
            return False
        self._checked_at = time.monotonic()
        self.checks += 1
        self._remember_connections(kafka)
        forgotten = [p for p, offset in zip(mine, held, strict=True) if offset is None or offset < self._committed[p]]
        if not forgotten:
            return True
        self.rewinds += 1
        log.warning(
            "%s: the broker forgot the offsets committed on %s (its logs started again): "
            "reading every assigned partition again from its beginning; the inbox skips what was applied",
            self._name,
            ", ".join(f"{p.topic}/{p.partition}" for p in forgotten),
        )
        self._committed.clear()
        for partition in kafka.assignment():
            # One at a time: a partition taken away by a rebalance under way is no longer to seek (one
            # given instead starts at the group's offset, none on a broker that forgot them: the beginning).
            with contextlib.suppress(IllegalStateError):
                await kafka.seek_to_beginning(partition)
        return False
