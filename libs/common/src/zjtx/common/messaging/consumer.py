"""The consumer runner: inbox dedup in the effect's transaction, Kafka offsets committed only after the
database commit, bounded retries, then the dead-letter topic (DESIGN: "Inbox", "Poison events").

A fetched batch is applied in one transaction: one statement claims the inbox rows of all its events,
then each handler runs in order. Should anything in it fail, the transaction is rolled back and the
batch is applied again one event at a time, each in its own transaction with its retries and its
dead letter, so that a failing event costs only itself and per-partition order is kept either way.

A broker that forgets (the development broker, restarted) is noticed before a batch fetched from it is
applied (zjtx.common.messaging.offset_watch)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError
from pydantic import ValidationError
from sqlalchemy import Text, Uuid, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zjtx.common import tracing
from zjtx.common.db import transaction, unnest_rows
from zjtx.common.events import Event, EventContract
from zjtx.common.logs import log_context
from zjtx.common.messaging.dead_letter import park
from zjtx.common.messaging.envelope import Envelope
from zjtx.common.messaging.offset_watch import CHECK_OFFSETS_EVERY_SECONDS, OffsetWatch
from zjtx.common.messaging.tables import DeadLetterRow, InboxRow
from zjtx.common.metrics import CONSUMER_LAG, EVENTS_CONSUMED

log = logging.getLogger(__name__)

LAG_EVERY_SECONDS = 1.0  # how often a running consumer sets its lag gauges

Handler = Callable[[AsyncSession, Event[Any]], Awaitable[None]]


class RunHandler:
    """A handler that applies a run of events at once: consecutive events of a batch that go to it, no
    two of the same key (aggregate), in order. Applying a run must do what applying its events one by
    one would; a single event (a redelivery alone, a re-drive) is a run of one."""

    def __init__(self, handle: Callable[[AsyncSession, list[Event[Any]]], Awaitable[None]]) -> None:
        self.handle = handle

    async def __call__(self, session: AsyncSession, event: Event[Any]) -> None:
        await self.handle(session, [event])


_INBOX = InboxRow.__table__
_CLAIMED = unnest_rows("inbox_rows", {"consumer": Text(), "event_id": Uuid(), "event_type": Text()})
# One statement for a whole batch, its text the same whatever the batch's size (prepared once).
_CLAIM = (
    insert(_INBOX)
    .from_select(
        ["consumer", "event_id", "event_type"], select(_CLAIMED.c.consumer, _CLAIMED.c.event_id, _CLAIMED.c.event_type)
    )
    .on_conflict_do_nothing()
    .returning(_INBOX.c.event_id)
)


class PoisonEvent(Exception):
    """An event no retry can apply: a version the consumer does not accept, or a payload that breaks
    its contract. It is dead-lettered at once, with this reason."""


@dataclass(frozen=True)
class Resolved:
    event: Event[Any]
    handler: Handler


class EventHandlers:
    """What a consumer does with each event contract it accepts; shared by the runner and the re-drive API.
    The contracts it lists are the versions it accepts: another version of a known type is poison."""

    def __init__(self, consumer: str, handlers: Mapping[EventContract, Handler]) -> None:
        self.consumer = consumer
        self._by_type: dict[str, dict[int, tuple[EventContract, Handler]]] = {}
        for declared, handler in handlers.items():
            self._by_type.setdefault(declared.event_type, {})[declared.version] = (declared, handler)

    @property
    def topics(self) -> list[str]:
        return sorted({versions[v][0].topic for versions in self._by_type.values() for v in versions})

    def knows(self, event_type: str) -> bool:
        return event_type in self._by_type

    def resolve(self, envelope: Envelope) -> Resolved | None:
        """The handler and the checked payload; None for a type this consumer does not handle."""
        versions = self._by_type.get(envelope.event_type)
        if versions is None:
            return None
        found = versions.get(envelope.event_version)
        if found is None:
            accepted = ", ".join(str(v) for v in sorted(versions))
            raise PoisonEvent(
                f"{envelope.event_type} version {envelope.event_version} is not accepted by {self.consumer} "
                f"(it accepts version {accepted})"
            )
        declared, handler = found
        try:
            payload = declared.payload.model_validate(envelope.payload)
        except ValidationError as exc:
            raise PoisonEvent(f"payload breaks the contract of {declared!r}: {exc}") from None
        return Resolved(Event(envelope, payload, declared), handler)

    async def claim(self, session: AsyncSession, envelopes: Sequence[Envelope]) -> set[uuid.UUID]:
        """Record the events in the inbox; the ids of those not seen before (the others are redeliveries)."""
        if not envelopes:
            return set()
        inserted = await session.execute(
            _CLAIM,
            {
                "inbox_rows_consumer": [self.consumer] * len(envelopes),
                "inbox_rows_event_id": [e.event_id for e in envelopes],
                "inbox_rows_event_type": [e.event_type for e in envelopes],
            },
        )
        return set(inserted.scalars())

    async def apply(self, session: AsyncSession, envelope: Envelope) -> bool:
        """Apply one event once: False when this consumer had already applied it (a redelivery).
        Raises PoisonEvent for a version or payload it cannot take, LookupError for an unknown type."""
        resolved = self.resolve(envelope)
        if resolved is None:
            raise LookupError(f"{self.consumer} handles no {envelope.event_type}")
        if envelope.event_id not in await self.claim(session, [envelope]):
            return False
        with tracing.applying(self.consumer, [envelope]):
            await resolved.handler(session, resolved.event)
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


Batch = Mapping[TopicPartition, list[ConsumerRecord]]


class EventConsumer:
    def __init__(
        self,
        *,
        handlers: EventHandlers,
        sessions: async_sessionmaker[AsyncSession],
        bootstrap_servers: str,
        max_attempts: int = 5,
        retry_base_seconds: float = 0.2,
        batch_size: int = 500,
        group_timing: GroupTiming | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        security: Mapping[str, Any] | None = None,
        check_seconds: float = CHECK_OFFSETS_EVERY_SECONDS,
    ) -> None:
        self.handlers = handlers
        self._sessions = sessions
        self._bootstrap = bootstrap_servers
        self._max_attempts = max_attempts
        self._retry_base = retry_base_seconds
        self._batch_size = batch_size
        self._timing = group_timing or GroupTiming()
        self._sleep = sleep
        # aiokafka's TLS / SASL arguments (zjtx.common.messaging.kafka.client_security)
        self._security = dict(security or {})
        self._kafka: AIOKafkaConsumer | None = None
        self._lag_series: set[TopicPartition] = set()
        self._lag_measured_at = float("-inf")
        self._watch = OffsetWatch(handlers.consumer, check_seconds=check_seconds)

    async def start(self) -> None:
        self._kafka = AIOKafkaConsumer(
            *self.handlers.topics,
            bootstrap_servers=self._bootstrap,
            group_id=self.handlers.consumer,
            client_id=self.handlers.consumer,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=self._batch_size,
            session_timeout_ms=self._timing.session_timeout_ms,
            heartbeat_interval_ms=self._timing.heartbeat_interval_ms,
            rebalance_timeout_ms=self._timing.rebalance_timeout_ms,
            fetch_max_wait_ms=self._timing.fetch_max_wait_ms,
            **self._security,
        )
        await self._kafka.start()

    async def stop(self) -> None:
        if self._kafka is not None:
            await self._kafka.stop()
            self._kafka = None

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until `stop` is set; the batch under way is finished and its offsets committed."""
        while not stop.is_set():
            batch = await self.poll(timeout_ms=200)
            if self._watch.should_check() and not await self.offsets_held(batch):
                continue  # the batch is not applied; it is read again, or the log from its beginning
            done = await self.process_batch(batch, stop=stop)
            if done and self._watch.connection_lost() and not await self.offsets_held({}):
                continue  # not committed into logs that started again while the batch was applied
            await self.commit(done)
            if time.monotonic() - self._lag_measured_at >= LAG_EVERY_SECONDS:
                await self.measure_lag()

    async def poll(self, *, timeout_ms: int) -> dict[TopicPartition, list[ConsumerRecord]]:
        assert self._kafka is not None, "start() first"
        return await self._kafka.getmany(timeout_ms=timeout_ms)

    async def process_batch(self, batch: Batch, *, stop: asyncio.Event | None = None) -> dict[TopicPartition, int]:
        """Apply records in order per partition; return the offsets to commit (next offset to read)."""
        records = [(partition, record) for partition, records in batch.items() for record in records]
        done: dict[TopicPartition, int] = {}
        for start in range(0, len(records), self._batch_size):
            if stop is not None and stop.is_set():
                break
            chunk = records[start : start + self._batch_size]
            if not await self._apply_together(chunk):
                for partition, record in chunk:
                    if stop is not None and stop.is_set():
                        return done
                    await self.process(record)
                    done[partition] = record.offset + 1
                continue
            done.update((partition, record.offset + 1) for partition, record in chunk)
        return done

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        if offsets:
            assert self._kafka is not None
            await self._kafka.commit(offsets)
        if self._kafka is not None:
            self._watch.committed(self._kafka, offsets)

    @property
    def checks(self) -> int:
        return self._watch.checks

    @property
    def rewinds(self) -> int:
        return self._watch.rewinds

    async def offsets_held(self, batch: Batch) -> bool:
        """zjtx.common.messaging.offset_watch: whether the broker still holds the committed offsets."""
        assert self._kafka is not None
        return await self._watch.offsets_held(self._kafka, batch)

    async def measure_lag(self) -> None:
        """Set the lag of each partition assigned to this member: the broker's high watermark (as its last
        fetch said) minus the position the group has consumed to; a partition no longer assigned (a
        rebalance gave it to another member) drops its series, which that member now reports."""
        assert self._kafka is not None
        self._lag_measured_at = time.monotonic()
        assigned = set(self._kafka.assignment())
        for partition in self._lag_series - assigned:
            with contextlib.suppress(KeyError):
                CONSUMER_LAG.remove(self._name, partition.topic, str(partition.partition))
        self._lag_series &= assigned
        for partition in assigned:
            highwater = self._kafka.highwater(partition)
            if highwater is None:  # not fetched from yet
                continue
            try:  # known at once once fetching; bounded, so a rebalance under way cannot hold the loop
                position = await asyncio.wait_for(self._kafka.position(partition), 1.0)
            except (TimeoutError, KafkaError):
                continue
            CONSUMER_LAG.labels(self._name, partition.topic, str(partition.partition)).set(max(0, highwater - position))
            self._lag_series.add(partition)

    async def _apply_together(self, chunk: Sequence[tuple[TopicPartition, ConsumerRecord]]) -> bool:
        """Apply every record of the chunk in one transaction; False (and nothing applied) on any failure."""
        outcomes: list[str] = []
        try:
            async with transaction(self._sessions) as session:
                ready: list[Resolved] = []
                for _, record in chunk:
                    resolved = await self._classify(session, record, outcomes)
                    if resolved is not None:
                        ready.append(resolved)
                new = await self.handlers.claim(session, [r.event.envelope for r in ready])
                run = _Run()
                for resolved in ready:
                    event_id = resolved.event.envelope.event_id
                    if event_id not in new:
                        outcomes.append("duplicate")
                        continue
                    new.discard(event_id)  # the same event twice in one batch: applied once
                    if not run.takes(resolved):
                        await run.apply(session, self._name)
                        run = _Run()
                    run.add(resolved)
                    outcomes.append("applied")
                await run.apply(session, self._name)
        except Exception as exc:  # applied again one by one: each failure then costs only its event
            log.info("%s: a batch of %d failed (%r); applying it one event at a time", self._name, len(chunk), exc)
            return False
        for outcome in outcomes:
            EVENTS_CONSUMED.labels(self._name, outcome).inc()
        return True

    async def _classify(self, session: AsyncSession, record: ConsumerRecord, outcomes: list[str]) -> Resolved | None:
        """What a record is: to apply (Resolved), to skip (an unknown type), or poison (dead-lettered here)."""
        try:
            envelope = Envelope.from_bytes(record.value)
        except (ValidationError, ValueError) as exc:
            await self._write_dead_letter(session, record, None, f"not a valid envelope: {exc}", attempts=1)
            outcomes.append("dead_lettered")
            return None
        try:
            resolved = self.handlers.resolve(envelope)
        except PoisonEvent as exc:
            await self._write_dead_letter(session, record, envelope.event_id, str(exc), attempts=1, envelope=envelope)
            outcomes.append("dead_lettered")
            return None
        if resolved is None:
            outcomes.append("unknown_type")
        return resolved

    async def process(self, record: ConsumerRecord) -> None:
        """Apply one record in its own transaction: retried with back-off, then dead-lettered, never dropped."""
        try:
            envelope = Envelope.from_bytes(record.value)
        except (ValidationError, ValueError) as exc:
            await self._dead_letter(record, None, f"not a valid envelope: {exc}", attempts=1)
            return
        if not self.handlers.knows(envelope.event_type):
            EVENTS_CONSUMED.labels(self._name, "unknown_type").inc()
            return
        correlation = envelope.correlation_id or envelope.event_id
        with log_context(correlation_id=str(correlation)):
            await self._process(record, envelope)

    async def _process(self, record: ConsumerRecord, envelope: Envelope) -> None:
        for attempt in range(1, self._max_attempts + 1):
            try:
                async with transaction(self._sessions) as session:
                    applied = await self.handlers.apply(session, envelope)
                EVENTS_CONSUMED.labels(self._name, "applied" if applied else "duplicate").inc()
                return
            except PoisonEvent as exc:
                await self._dead_letter(record, envelope.event_id, str(exc), attempts=attempt, envelope=envelope)
                return
            except Exception as exc:  # any failure of the effect: retry, then dead-letter, never drop
                if attempt == self._max_attempts:
                    await self._dead_letter(record, envelope.event_id, repr(exc), attempts=attempt, envelope=envelope)
                    return
                EVENTS_CONSUMED.labels(self._name, "retried").inc()
                log.warning("%s: %s failed (try %d), retrying: %r", self._name, envelope.event_id, attempt, exc)
                await self._sleep(self._retry_base * 2 ** (attempt - 1))

    @property
    def _name(self) -> str:
        return self.handlers.consumer

    async def _dead_letter(
        self,
        record: ConsumerRecord,
        event_id: uuid.UUID | None,
        error: str,
        *,
        attempts: int,
        envelope: Envelope | None = None,
    ) -> None:
        async with transaction(self._sessions) as session:
            await self._write_dead_letter(session, record, event_id, error, attempts=attempts, envelope=envelope)
        EVENTS_CONSUMED.labels(self._name, "dead_lettered").inc()

    async def _write_dead_letter(
        self,
        session: AsyncSession,
        record: ConsumerRecord,
        event_id: uuid.UUID | None,
        error: str,
        *,
        attempts: int,
        envelope: Envelope | None = None,
    ) -> None:
        """Park the event (zjtx.common.messaging.dead_letter), with its envelope's trace when it had one."""
        await park(
            session, record, consumer=self._name, event_id=event_id, error=error, attempts=attempts, envelope=envelope
        )


class _Run:
    """Consecutive events applied together: those of one RunHandler, no two of the same key; any other
    handler's event is a run of its own."""

    def __init__(self) -> None:
        self.events: list[Event[Any]] = []
        self.handler: Handler | None = None
        self._keys: set[str] = set()

    def takes(self, resolved: Resolved) -> bool:
        if not self.events:
            return True
        return (
            isinstance(self.handler, RunHandler)
            and resolved.handler is self.handler
            and resolved.event.envelope.key not in self._keys
        )

    def add(self, resolved: Resolved) -> None:
        self.handler = resolved.handler
        self.events.append(resolved.event)
        self._keys.add(resolved.event.envelope.key)

    async def apply(self, session: AsyncSession, consumer: str) -> None:
        if not self.events:
            return
        # What the run writes is caused by its events; logged under the first's correlation and trace ids.
        with tracing.applying(consumer, [event.envelope for event in self.events]):
            if isinstance(self.handler, RunHandler):
                await self.handler.handle(session, self.events)
            else:
                await self.handler(session, self.events[0])
        # The next run reads the database afresh, as it would in a transaction of its own.
        await session.flush()
        session.expunge_all()


async def open_dead_letters(session: AsyncSession, consumer: str) -> list[DeadLetterRow]:
    rows = await session.scalars(
        select(DeadLetterRow)
        .where(DeadLetterRow.consumer == consumer, DeadLetterRow.redriven_at.is_(None))
        .order_by(DeadLetterRow.failed_at)
    )
    return list(rows)
