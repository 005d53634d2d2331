"""The consumer of a foreign topic (zjtx.common.messaging.foreign): the platform's consumer (offsets
committed after the database commit, bounded retries, the dead-letter table and `<topic>.dlq`) with the
topic's own reader in place of our envelope.

A fetched batch is applied partition by partition, the partitions at once (keys, and so the order that
matters, stay within a partition), each partition's records in one transaction with their inbox rows
claimed in one statement. A message no one can read is dead-lettered there and then; should anything
else fail (a message the handler refuses included), that transaction is rolled back and its records
applied again one at a time, each in its own transaction with its retries and its dead letter, so that
a failing message costs only itself."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiokafka import ConsumerRecord, TopicPartition

from zjtx.common.db import transaction
from zjtx.common.messaging.consumer import Batch, EventConsumer
from zjtx.common.messaging.foreign import ForeignHandlers, ForeignMessage, is_poison
from zjtx.common.metrics import EVENTS_CONSUMED

log = logging.getLogger(__name__)


class ForeignConsumer(EventConsumer):
    handlers: ForeignHandlers

    def __init__(self, *, handlers: ForeignHandlers, **options) -> None:
        super().__init__(handlers=handlers, **options)  # type: ignore[arg-type]

    async def process_batch(self, batch: Batch, *, stop: asyncio.Event | None = None) -> dict[TopicPartition, int]:
        """Each partition's records in order, the partitions at once (their keys are apart, so their order
        between them does not matter); offsets to commit (the next to read) of what was applied."""
        done: dict[TopicPartition, int] = {}
        results = await asyncio.gather(*(self._partition(p, records, stop) for p, records in batch.items()))
        for partition, offset in results:
            if offset is not None:
                done[partition] = offset
        return done

    async def _partition(
        self, partition: TopicPartition, records: list[ConsumerRecord], stop: asyncio.Event | None
    ) -> tuple[TopicPartition, int | None]:
        offset = None
        for start in range(0, len(records), self._batch_size):
            if stop is not None and stop.is_set():
                break
            chunk = records[start : start + self._batch_size]
            if await self._apply_together(chunk):
                offset = chunk[-1].offset + 1
                continue
            for record in chunk:  # one by one: each failure costs only its message
                if stop is not None and stop.is_set():
                    return partition, offset
                await self.process(record)
                offset = record.offset + 1
        return partition, offset

    async def _apply_together(self, chunk: Sequence[ConsumerRecord]) -> bool:
        """Every record of the chunk in one transaction, their inbox rows claimed in one statement; False
        (and nothing applied) on any failure, a message the handler refuses included."""
        outcomes: list[str] = []
        try:
            async with transaction(self._sessions) as session:
                messages = []
                for record in chunk:
                    message = await self._read(session, record, outcomes)
                    if message is not None:
                        messages.append(message)
                new = await self.handlers.claim_many(session, messages)
                for message in messages:
                    inbox_id = message.inbox_id(self._name)
                    if inbox_id not in new:
                        outcomes.append("duplicate")
                        continue
                    new.discard(inbox_id)  # the same message twice in a chunk: applied once
                    await self.handlers.apply_claimed(session, message)
                    outcomes.append("applied")
                    session.expunge_all()  # the next message reads the database afresh
        except Exception as exc:  # applied again one by one: each failure then costs only its message
            log.info("%s: a batch of %d failed (%r); applying it one message at a time", self._name, len(chunk), exc)
            return False
        for outcome in outcomes:
            EVENTS_CONSUMED.labels(self._name, outcome).inc()
        return True

    async def _read(self, session, record: ConsumerRecord, outcomes: list[str]) -> ForeignMessage | None:
        try:
            return self.handlers.read(record.value)
        except Exception as exc:
            if not is_poison(exc):
                raise
            await self._write_dead_letter(session, record, None, f"unreadable: {_describe(exc)}", attempts=1)
            outcomes.append("dead_lettered")
            return None

    async def process(self, record: ConsumerRecord) -> None:
        """One message in its own transaction: retried with back-off, then dead-lettered, never dropped."""
        try:
            message = self.handlers.read(record.value)
        except Exception as exc:
            if not is_poison(exc):
                raise
            await self._dead_letter(record, None, f"unreadable: {_describe(exc)}", attempts=1)
            return
        for attempt in range(1, self._max_attempts + 1):
            try:
                async with transaction(self._sessions) as session:
                    applied = await self.handlers.apply(session, message)
                EVENTS_CONSUMED.labels(self._name, "applied" if applied else "duplicate").inc()
                return
            except Exception as exc:
                inbox_id = message.inbox_id(self._name)
                if is_poison(exc) or attempt == self._max_attempts:
                    await self._dead_letter(record, inbox_id, _describe(exc), attempts=attempt)
                    return
                EVENTS_CONSUMED.labels(self._name, "retried").inc()
                log.warning("%s: %s failed (try %d), retrying: %r", self._name, message.message_id, attempt, exc)
                await self._sleep(self._retry_base * 2 ** (attempt - 1))


def _describe(exc: BaseException) -> str:
    """The reason a dead letter keeps: an expected error's code and detail, else the exception."""
    code = getattr(exc, "code", None)
    if code:
        return f"{code}: {getattr(exc, 'detail', None) or exc}"
    return repr(exc) if not isinstance(exc, ValueError) else str(exc)
