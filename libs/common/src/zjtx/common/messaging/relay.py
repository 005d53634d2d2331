"""The outbox relay: sends committed outbox rows to the broker in id order and marks them sent only
after the broker acknowledged them (DESIGN: "Outbox").

Two relays may run at once (two replicas): each batch runs under a transaction-scoped advisory lock,
so one relay sends at a time and per-key order is kept; the other waits its turn."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import asyncpg
from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zjtx.common.messaging.outbox import OUTBOX_CHANNEL
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.metrics import OUTBOX_FAILURES, OUTBOX_SENT

log = logging.getLogger(__name__)

# Any constant shared by the relays of one database; each service has its own database.
RELAY_LOCK_KEY = 0x7A6A7478  # "zjtx"


class OutboxRelay:
    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        producer_factory: Callable[[], AIOKafkaProducer],
        listen_dsn: dict | None = None,
        batch_size: int = 500,
        poll_seconds: float = 1.0,
        max_backoff_seconds: float = 30.0,
        prepare_topics: Callable[[list[str]], object] | None = None,
    ) -> None:
        self._sessions = sessions
        self._producer_factory = producer_factory
        self._listen_dsn = listen_dsn
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._max_backoff = max_backoff_seconds
        self._prepare_topics = prepare_topics
        self._producer: AIOKafkaProducer | None = None
        self._known_topics: set[str] = set()
        self._wake = asyncio.Event()
        self._listener: asyncpg.Connection | None = None

    # -- one batch -------------------------------------------------------------------------------

    async def relay_once(self) -> int:
        """Send one batch and mark it sent. Returns how many rows were sent (0: nothing, or another
        relay holds the lock). Raises when the broker did not acknowledge; nothing is marked then."""
        async with self._sessions() as session, session.begin():
            if not await session.scalar(select(func.pg_try_advisory_xact_lock(RELAY_LOCK_KEY))):
                return 0
            rows = (
                await session.execute(
                    select(OutboxRow.id, OutboxRow.topic, OutboxRow.key, OutboxRow.body)
                    .where(OutboxRow.sent_at.is_(None))
                    .order_by(OutboxRow.id)
                    .limit(self._batch_size)
                )
            ).all()
            if not rows:
                return 0
            await self.send(rows)
            await self.mark_sent(session, [row.id for row in rows])
        OUTBOX_SENT.inc(len(rows))
        return len(rows)

    async def send(self, rows) -> None:
        """Send rows and wait until the broker acknowledged every one of them."""
        producer = await self._ensure_producer()
        await self._ensure_topics({row.topic for row in rows})
        futures = [await producer.send(row.topic, key=row.key.encode(), value=row.body.encode()) for row in rows]
        await asyncio.gather(*futures)

    @staticmethod
    async def mark_sent(session: AsyncSession, ids: list[int]) -> None:
        await session.execute(update(OutboxRow).where(OutboxRow.id.in_(ids)).values(sent_at=func.now()))

    # -- the loop --------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until `stop` is set; a batch under way is finished, never cut off."""
        backoff = 0.0
        await self._start_listening()
        try:
            while not stop.is_set():
                try:
                    sent = await self.relay_once()
                    backoff = 0.0
                except Exception as exc:  # the broker or the database is away: keep the rows, retry
                    OUTBOX_FAILURES.inc()
                    backoff = min(self._max_backoff, backoff * 2 if backoff else 0.1)
                    log.warning("outbox relay batch failed, retrying in %.1fs: %r", backoff, exc)
                    await self._close_producer()
                    await self._sleep_unless_stopped(stop, backoff)
                    continue
                if sent == self._batch_size:
                    continue  # more is waiting
                await self._wait_for_work(stop)
        finally:
            await self._stop_listening()
            await self._close_producer()

    async def _wait_for_work(self, stop: asyncio.Event) -> None:
        self._wake.clear()
        if self._listener is None or self._listener.is_closed():
            await self._start_listening()
        stop_wait = asyncio.ensure_future(stop.wait())
        wake_wait = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({stop_wait, wake_wait}, timeout=self._poll_seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop_wait.cancel()
            wake_wait.cancel()

    @staticmethod
    async def _sleep_unless_stopped(stop: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)

    # -- collaborators ---------------------------------------------------------------------------

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = self._producer_factory()
            try:
                await producer.start()
            except Exception:
                await producer.stop()
                raise
            self._producer = producer
            self._known_topics.clear()  # a restarted broker may have lost them
        return self._producer

    async def _ensure_topics(self, topics: set[str]) -> None:
        missing = sorted(topics - self._known_topics)
        if missing and self._prepare_topics is not None:
            await self._prepare_topics(missing)
        self._known_topics.update(missing)

    async def _close_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(Exception):
                await producer.stop()

    async def _start_listening(self) -> None:
        """LISTEN for commits that add outbox rows, so a new event goes out at once, not at the next poll."""
        if self._listen_dsn is None:
            return
        try:
            self._listener = await asyncpg.connect(**self._listen_dsn)
            await self._listener.add_listener(OUTBOX_CHANNEL, lambda *_: self._wake.set())
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("outbox relay cannot LISTEN, polling instead: %r", exc)
            self._listener = None

    async def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None and not listener.is_closed():
            with contextlib.suppress(Exception):
                await listener.close()


async def outbox_backlog(session: AsyncSession) -> int:
    return int(await session.scalar(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")) or 0)
