"""The consumer runner: inbox dedup in the effect's transaction, Kafka offsets committed only after the
database commit, bounded retries, then the dead-letter topic (DESIGN: "Inbox", "Poison events")."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zjtx.common.db import transaction
from zjtx.common.messaging.envelope import Envelope, dead_letter_topic
from zjtx.common.messaging.outbox import add_message
from zjtx.common.messaging.tables import DeadLetterRow, InboxRow
from zjtx.common.metrics import EVENTS_CONSUMED

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, Envelope], Awaitable[None]]


class EventHandlers:
    """What a consumer does with each event type it knows; shared by the runner and the re-drive API."""

    def __init__(self, consumer: str, handlers: Mapping[str, Handler]) -> None:
        self.consumer = consumer
        self._handlers = dict(handlers)

    @property
    def topics(self) -> list[str]:
        return sorted({event_type.rsplit(".", 1)[0] for event_type in self._handlers})

    def get(self, event_type: str) -> Handler | None:
        return self._handlers.get(event_type)

    async def apply(self, session: AsyncSession, envelope: Envelope) -> bool:
        """Apply an event once: False when this consumer had already applied it (a redelivery)."""
        handler = self._handlers[envelope.event_type]
        inserted = await session.execute(
            insert(InboxRow)
            .values(consumer=self.consumer, event_id=envelope.event_id, event_type=envelope.event_type)
            .on_conflict_do_nothing()
            .returning(InboxRow.event_id)
        )
        if inserted.first() is None:
            return False
        await handler(session, envelope)
        return True


@dataclass(frozen=True)
class GroupTiming:
    session_timeout_ms: int = 10_000
    heartbeat_interval_ms: int = 3_000
    rebalance_timeout_ms: int = 5_000
    fetch_max_wait_ms: int = 100  # ServiceSettings.consumer_fetch_max_wait_ms says why

    @classmethod
    def from_settings(cls, settings) -> GroupTiming:
        return cls(
            settings.consumer_session_timeout_ms,
            settings.consumer_heartbeat_interval_ms,
            settings.consumer_rebalance_timeout_ms,
            settings.consumer_fetch_max_wait_ms,
        )


class EventConsumer:
    def __init__(
        self,
        *,
        handlers: EventHandlers,
        sessions: async_sessionmaker[AsyncSession],
        bootstrap_servers: str,
        max_attempts: int = 5,
        retry_base_seconds: float = 0.2,
        group_timing: GroupTiming | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.handlers = handlers
        self._sessions = sessions
        self._bootstrap = bootstrap_servers
        self._max_attempts = max_attempts
        self._retry_base = retry_base_seconds
        self._timing = group_timing or GroupTiming()
        self._sleep = sleep
        self._kafka: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        self._kafka = AIOKafkaConsumer(
            *self.handlers.topics,
            bootstrap_servers=self._bootstrap,
            group_id=self.handlers.consumer,
            client_id=self.handlers.consumer,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=500,
            session_timeout_ms=self._timing.session_timeout_ms,
            heartbeat_interval_ms=self._timing.heartbeat_interval_ms,
            rebalance_timeout_ms=self._timing.rebalance_timeout_ms,
            fetch_max_wait_ms=self._timing.fetch_max_wait_ms,
        )
        await self._kafka.start()

    async def stop(self) -> None:
        if self._kafka is not None:
            await self._kafka.stop()
            self._kafka = None

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until `stop` is set; the record under way is finished and its offset committed."""
        while not stop.is_set():
            batch = await self.poll(timeout_ms=200)
            done = await self.process_batch(batch, stop=stop)
            await self.commit(done)

    async def poll(self, *, timeout_ms: int) -> dict[TopicPartition, list[ConsumerRecord]]:
        assert self._kafka is not None, "start() first"
        return await self._kafka.getmany(timeout_ms=timeout_ms)

    async def process_batch(
        self, batch: Mapping[TopicPartition, list[ConsumerRecord]], *, stop: asyncio.Event | None = None
    ) -> dict[TopicPartition, int]:
        """Apply records in order per partition; return the offsets to commit (next offset to read)."""
        done: dict[TopicPartition, int] = {}
        for partition, records in batch.items():
            for record in records:
                if stop is not None and stop.is_set():
                    return done
                await self.process(record)
                done[partition] = record.offset + 1
        return done

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        if offsets:
            assert self._kafka is not None
            await self._kafka.commit(offsets)

    async def process(self, record: ConsumerRecord) -> None:
        consumer = self.handlers.consumer
        try:
            envelope = Envelope.from_bytes(record.value)
        except (ValidationError, ValueError) as exc:
            await self._dead_letter(record, None, f"not a valid envelope: {exc}", attempts=1)
            return
        if self.handlers.get(envelope.event_type) is None:
            EVENTS_CONSUMED.labels(consumer, "unknown_type").inc()
            return
        for attempt in range(1, self._max_attempts + 1):
            try:
                async with transaction(self._sessions) as session:
                    applied = await self.handlers.apply(session, envelope)
                EVENTS_CONSUMED.labels(consumer, "applied" if applied else "duplicate").inc()
                return
            except Exception as exc:  # any failure of the effect: retry, then dead-letter, never drop
                if attempt == self._max_attempts:
                    await self._dead_letter(record, envelope.event_id, repr(exc), attempts=attempt)
                    return
                EVENTS_CONSUMED.labels(consumer, "retried").inc()
                log.warning("%s: %s failed (try %d), retrying: %r", consumer, envelope.event_id, attempt, exc)
                await self._sleep(self._retry_base * 2 ** (attempt - 1))

    async def _dead_letter(
        self, record: ConsumerRecord, event_id: uuid.UUID | None, error: str, *, attempts: int
    ) -> None:
        """Park the event in the dead-letter table and, through the outbox, on `<topic>.dlq`."""
        consumer = self.handlers.consumer
        raw = record.value.decode(errors="replace")
        key = record.key.decode(errors="replace") if record.key else ""
        log.error(
            "%s: dead-lettering %s/%d@%d after %d tries: %s",
            consumer,
            record.topic,
            record.partition,
            record.offset,
            attempts,
            error,
        )
        async with transaction(self._sessions) as session:
            inserted = await session.execute(
                insert(DeadLetterRow)
                .values(
                    id=uuid.uuid4(),
                    consumer=consumer,
                    event_id=event_id,
                    topic=record.topic,
                    partition=record.partition,
                    offset=record.offset,
                    key=key,
                    raw=raw,
                    error=error,
                    attempts=attempts,
                )
                .on_conflict_do_nothing()
                .returning(DeadLetterRow.id)
            )
            if inserted.first() is not None:
                await add_message(
                    session,
                    topic=dead_letter_topic(record.topic),
                    key=key,
                    event_id=uuid.uuid4(),
                    event_type="dead_letter",
                    body=json.dumps(
                        {
                            "consumer": consumer,
                            "error": error,
                            "attempts": attempts,
                            "topic": record.topic,
                            "partition": record.partition,
                            "offset": record.offset,
                            "event": raw,
                        }
                    ),
                )
        EVENTS_CONSUMED.labels(consumer, "dead_lettered").inc()


async def open_dead_letters(session: AsyncSession, consumer: str) -> list[DeadLetterRow]:
    rows = await session.scalars(
        select(DeadLetterRow)
        .where(DeadLetterRow.consumer == consumer, DeadLetterRow.redriven_at.is_(None))
        .order_by(DeadLetterRow.failed_at)
    )
    return list(rows)
