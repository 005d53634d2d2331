"""The outbox relay: sends committed outbox rows to the broker in id order and marks them sent only
after the broker acknowledged them (DESIGN: "Outbox").

Two relays may run at once (two replicas): each round runs under a transaction-scoped advisory lock,
so one relay sends at a time and per-key order is kept; the other waits its turn.

A broker that forgets (the development broker keeps its logs in memory: restarted, it holds nothing)
is noticed while the relay runs, not only when it starts: the relay knows, for each partition it sent
to, how far the broker's log reached (the offsets of its acknowledgements, and the end offsets it read
at its last look); a log whose end falls below that, or an acknowledgement at an offset below it, is a
log that started again, which a broker that keeps its logs never shows. It looks when it starts, every
`check_seconds`, as soon as its producer's connection to the broker was lost, and after a failed
round: one ListOffsets request, never a database query. Then the rows sent to such a topic within the
retention are sent again, in id order, before anything newer; consumers skip what their inbox has
seen."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer, TopicPartition
from sqlalchemy import BigInteger, Text, any_, bindparam, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zjtx.common import tracing
from zjtx.common.db import transaction
from zjtx.common.messaging.outbox import OUTBOX_CHANNEL
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.messaging.triggers import OUTBOX_NOTIFY_TRIGGER
from zjtx.common.metrics import OUTBOX_FAILURES, OUTBOX_SENT

log = logging.getLogger(__name__)

# Any constant shared by the relays of one database; each service has its own database.
RELAY_LOCK_KEY = 0x7A6A7478  # "zjtx"
PRUNE_EVERY_SECONDS = 3600.0  # how often sent rows older than the retention are deleted
CHECK_BROKER_EVERY_SECONDS = 5.0  # how often a running relay looks whether the broker forgot its logs

_OUTBOX = OutboxRow.__table__
# Built once, of the table's columns: Core statements, which a session executes for less than half of
# what a select of ORM attributes, built again each time, costs.
_UNSENT = select(_OUTBOX.c.id, _OUTBOX.c.topic, _OUTBOX.c.key, _OUTBOX.c.body).where(_OUTBOX.c.sent_at.is_(None))
# A round's first batch takes the relay lock in its own query. The lock is an uncorrelated subquery,
# which PostgreSQL evaluates once before reading anything (a one-time filter): one round trip, and a
# relay that does not get the lock reads no rows.
_FIRST_BATCH = (
    _UNSENT.where(select(func.pg_try_advisory_xact_lock(RELAY_LOCK_KEY)).scalar_subquery())
    .order_by(_OUTBOX.c.id)
    .limit(bindparam("batch_size"))
)
_NEXT_BATCH = _UNSENT.where(_OUTBOX.c.id > bindparam("after")).order_by(_OUTBOX.c.id).limit(bindparam("batch_size"))

_MARK_SENT = (
    update(_OUTBOX).where(_OUTBOX.c.id == any_(bindparam("ids", type_=ARRAY(BigInteger)))).values(sent_at=func.now())
)

# What was sent within the retention, by topic; sent again (marked unsent, so the loop sends them in id
# order, before anything newer) when the broker turns out to have forgotten their topic. The topics are
# read from the outbox when the relay starts; later, the relay knows the topics it sent to.
_SENT_TOPICS = select(_OUTBOX.c.topic).where(_OUTBOX.c.sent_at >= bindparam("since")).distinct()
_SEND_AGAIN = (
    update(_OUTBOX)
    .where(_OUTBOX.c.topic == any_(bindparam("topics", type_=ARRAY(Text))), _OUTBOX.c.sent_at >= bindparam("since"))
    .values(sent_at=None)
)
_PRUNE = delete(_OUTBOX).where(_OUTBOX.c.sent_at < bindparam("before"))
_LOCK = select(func.pg_advisory_xact_lock(RELAY_LOCK_KEY))

# Log ends: the end offset of each partition of some topics, as the broker says now (a topic it does
# not have has no partition). zjtx.common.messaging.kafka.LogEnds asks with one client kept open.
LogEndsReader = Callable[[list[str]], Awaitable[dict[TopicPartition, int]]]


class BrokerForgot(RuntimeError):
    """The broker acknowledged a message at an offset below one it had acknowledged before on the same
    partition: its log started again (a memory-only broker restarted). The round is rolled back."""


_HAS_TRIGGER = "SELECT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = 'outbox'::regclass AND tgname = $1)"


class OutboxRelay:
    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        producer_factory: Callable[[], AIOKafkaProducer],
        listen_dsn: dict | None = None,
        batch_size: int = 500,
        batches_per_commit: int = 10,
        poll_seconds: float = 1.0,
        max_backoff_seconds: float = 30.0,
        prepare_topics: Callable[[list[str]], object] | None = None,
        retention: timedelta | None = None,
        log_ends: LogEndsReader | None = None,
        check_seconds: float = CHECK_BROKER_EVERY_SECONDS,
        min_round_seconds: float = 0.0,
    ) -> None:
        """`retention`: how long sent rows are kept (older ones are pruned), so that, when `log_ends`
        (the end offset of each partition of some topics) shows that the broker forgot a topic sent to
        within it (nothing of it at start; later, less than it had acknowledged), its rows are sent
        again: a memory-only broker restarted forgets what it had not delivered. `check_seconds`: how
        often a running relay looks, besides after a lost connection or a failed round.
        `min_round_seconds`: after a round that sent something, the next starts no sooner than this after
        it began. Under a stream of commits each round then carries what that time gathered (one
        transaction, one batch to the broker) rather than an event or two, for at most that much more
        wait; an event after a quiet spell goes at once."""
        self._sessions = sessions
        self._producer_factory = producer_factory
        self._listen_dsn = listen_dsn
        self._batch_size = batch_size
        self._batches_per_commit = batches_per_commit
        self._poll_seconds = poll_seconds
        self._max_backoff = max_backoff_seconds
        self._prepare_topics = prepare_topics
        self._producer: AIOKafkaProducer | None = None
        self._known_topics: set[str] = set()
        self._wake = asyncio.Event()
        self._listener: asyncpg.Connection | None = None
        self._more_waiting = False  # the last round stopped at its commit limit, not for want of rows
        self._trigger_checked = False
        self._retention = retention
        self._log_ends = log_ends
        self._check_seconds = check_seconds
        self._min_round_seconds = min_round_seconds
        # Per partition sent to: how far the broker's log is known to have reached (the offset after
        # the last one it acknowledged, or its end offset at the last look). Logs only grow.
        self._reached: dict[TopicPartition, int] = {}
        self._looked_at_start = log_ends is None  # nothing to look at without a way to look
        self._look_now = False
        self._looked_at = float("-inf")
        self._connections_seen: list[Any] = []  # the producer's connections at the last round
        self.looks = 0  # how many times it looked at the broker's logs
        self.sent_again = 0  # how many rows it marked to be sent again, in all
        self._pruned_at = float("-inf")

    @property
    def woken(self) -> bool:
        """Whether a commit has woken the relay (NOTIFY) since its current round began."""
        return self._wake.is_set()

    # -- one round ------------------------------------------------------------------------------

    async def relay_once(self) -> int:
        """Send what is waiting, batch after batch, and mark it sent, in one transaction holding the
        relay lock; it commits after at most `batches_per_commit` batches. Returns how many rows were
        sent (0: nothing waiting, or another relay holds the lock). Raises when the broker did not
        acknowledge a batch: the transaction rolls back, so those rows are sent again (at-least-once)."""
        self._more_waiting = False
        sent = 0
        async with transaction(self._sessions) as session:
            rows = await self._select_batch(session, after=None)  # none unless this relay holds the lock
            acknowledged: list[int] = []
            batches = 0
            while rows:
                batches += 1
                read_on = len(rows) == self._batch_size and batches < self._batches_per_commit
                # Batch k+1 goes out only after batch k was acknowledged, so per-key order holds. While
                # it is in flight, the session marks batch k sent and reads batch k+2.
                _, following = await _both(
                    self.send(rows),
                    self._mark_then_select(session, acknowledged, after=rows[-1].id if read_on else None),
                )
                acknowledged = [row.id for row in rows]
                sent += len(rows)
                self._more_waiting = len(rows) == self._batch_size and not read_on
                rows = following
            if acknowledged:
                await self.mark_sent(session, acknowledged)
        OUTBOX_SENT.inc(sent)
        return sent

    async def _select_batch(self, session: AsyncSession, *, after: int | None):
        """The next batch of unsent rows; the first of a round (`after` None) takes the relay lock."""
        if after is None:
            result = await session.execute(_FIRST_BATCH, {"batch_size": self._batch_size})
        else:
            result = await session.execute(_NEXT_BATCH, {"after": after, "batch_size": self._batch_size})
        return result.all()

    async def _mark_then_select(self, session: AsyncSession, acknowledged: list[int], *, after: int | None):
        if acknowledged:
            await self.mark_sent(session, acknowledged)
        return [] if after is None else await self._select_batch(session, after=after)

    async def send(self, rows) -> None:
        """Send rows and wait until the broker acknowledged every one of them."""
        producer = await self._ensure_producer()
        await self._ensure_topics({row.topic for row in rows})
        with tracing.sending(rows):  # a span per event when tracing, nothing otherwise
            futures = [await producer.send(row.topic, key=row.key.encode(), value=row.body.encode()) for row in rows]
            acknowledged = await asyncio.gather(*futures)
        self._note_acknowledged(acknowledged)

    def _note_acknowledged(self, acknowledged) -> None:
        """Record how far each partition's log reached; raise BrokerForgot for an acknowledgement below
        it (nothing but a comparison per message: no request).

        What is recorded is the offset after the first message of this send on each partition, not
        after its last: the development broker's end offset is the offset after the first message of
        its last record batch (Tansu 0.6), and a send's first message on a partition starts a batch
        (the previous send was acknowledged before it), so no broker's end offset is below that."""
        if self._log_ends is None:
            return
        reached = self._reached
        started_again: set[str] = set()
        firsts: dict[TopicPartition, int] = {}
        for metadata in acknowledged:
            partition = metadata.topic_partition
            if metadata.offset < reached.get(partition, 0):
                started_again.add(partition.topic)
            firsts.setdefault(partition, metadata.offset)
        if started_again:
            self._look_now = True
            raise BrokerForgot(f"the log of {', '.join(sorted(started_again))} started again at a lower offset")
        for partition, first in firsts.items():
            reached[partition] = max(reached.get(partition, 0), first + 1)

    async def send_again_what_the_broker_forgot(self) -> int:
        """Mark unsent the rows sent within the retention to a topic the broker forgot; returns how many.
        At start, the topics sent to within the retention, a topic forgotten when the broker holds
        nothing of it; later, the topics this relay sent to (or found at start), a topic forgotten
        when a partition's end offset is below what the broker had acknowledged. Under the relay
        lock, so no relay sends while it is decided (a running relay whose look finds nothing
        forgotten touches no database). Consumers skip what their inbox has seen, so what was
        delivered before has its effect once."""
        assert self._log_ends is not None and self._retention is not None
        since = datetime.now(UTC) - self._retention
        self._look_now = False
        self._looked_at = time.monotonic()
        if self._looked_at_start:  # the cheap look first: one ListOffsets, no transaction, no lock
            topics = sorted({partition.topic for partition in self._reached})
            ends = await self._log_ends(topics) if topics else {}
            if not self._forgotten(topics, ends):
                self.looks += 1
                self._note_ends(ends, forgotten=[])
                return 0
        async with transaction(self._sessions) as session:
            await session.execute(_LOCK)
            if self._looked_at_start:
                topics = sorted({partition.topic for partition in self._reached})
            else:
                topics = list((await session.execute(_SENT_TOPICS, {"since": since})).scalars())
            ends = await self._log_ends(topics) if topics else {}
            forgotten = self._forgotten(topics, ends)
            again = 0
            if forgotten:
                again = (await session.execute(_SEND_AGAIN, {"topics": forgotten, "since": since})).rowcount
        self.looks += 1
        self.sent_again += again
        self._looked_at_start = True
        self._note_ends(ends, forgotten=forgotten)
        if not forgotten:
            return 0
        await self._close_producer()  # its metadata is of the logs that were; topics are prepared again
        await self._close_log_ends()  # and so is the reader's
        log.warning(
            "the broker forgot %s: sending again the %d events sent there in the last %s",
            ", ".join(forgotten),
            again,
            self._retention,
        )
        return again

    def _note_ends(self, ends: dict[TopicPartition, int], *, forgotten: list[str]) -> None:
        for partition in [p for p in self._reached if p.topic in forgotten]:
            del self._reached[partition]
        for partition, end in ends.items():
            if partition.topic not in forgotten and end > self._reached.get(partition, 0):
                self._reached[partition] = end

    def _forgotten(self, topics: list[str], ends: dict[TopicPartition, int]) -> list[str]:
        """Topics the broker holds nothing of, or with a partition whose log ends below what it reached.
        A partition missing from the answer while its topic is there is not taken for forgotten: the
        reader's metadata may be older than the producer's (a topic made again with more partitions)."""
        holding = {partition.topic for partition, end in ends.items() if end > 0}
        shrunk = {
            partition.topic
            for partition, reached in self._reached.items()
            if partition in ends and ends[partition] < reached
        }
        return sorted((set(topics) - holding) | (shrunk & set(topics)))

    def _should_look(self) -> bool:
        """Whether to look at the broker's logs before this round: never without a way to look; at start,
        when asked (a failed round, an acknowledgement below the known end), every `check_seconds`, or
        when a connection of the producer was lost since the last round (a broker restarted closes
        them; the producer would open new ones and send on at once)."""
        if self._log_ends is None or self._retention is None:
            return False
        if not self._looked_at_start or self._look_now:
            return True
        if time.monotonic() - self._looked_at >= self._check_seconds:
            return True
        return any(not connection.connected() for connection in self._connections_seen)

    def _remember_connections(self) -> None:
        # aiokafka keeps its connections in the client's _conns; without it, the timer alone looks.
        connections = getattr(getattr(self._producer, "client", None), "_conns", None)
        self._connections_seen = list(connections.values()) if isinstance(connections, dict) else []

    async def prune(self) -> int:
        """Delete the rows sent before the retention; returns how many."""
        assert self._retention is not None
        async with transaction(self._sessions) as session:
            pruned = (await session.execute(_PRUNE, {"before": datetime.now(UTC) - self._retention})).rowcount
        self._pruned_at = time.monotonic()
        if pruned:
            log.info("pruned %d outbox rows sent more than %s ago", pruned, self._retention)
        return pruned

    @staticmethod
    async def mark_sent(session: AsyncSession, ids: list[int]) -> None:
        # One array parameter, not one parameter per id: a batch of 500 is one small statement.
        await session.execute(_MARK_SENT, {"ids": ids})

    # -- the loop --------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until `stop` is set; a batch under way is finished, never cut off."""
        backoff = 0.0
        await self._start_listening()
        try:
            while not stop.is_set():
                # Cleared before the round, not after: a NOTIFY that arrives while it runs still wakes us.
                self._wake.clear()
                try:
                    if self._should_look():  # before sending anything new
                        await self.send_again_what_the_broker_forgot()
                    if self._retention is not None and time.monotonic() - self._pruned_at > PRUNE_EVERY_SECONDS:
                        await self.prune()
                    began = time.monotonic()
                    sent = await self.relay_once()
                    self._remember_connections()
                    backoff = 0.0
                except BrokerForgot as exc:  # rolled back; the next round looks first, then sends again
                    log.warning("outbox relay: %s", exc)
                    continue
                except Exception as exc:  # the broker or the database is away: keep the rows, retry
                    self._look_now = True
                    OUTBOX_FAILURES.inc()
                    backoff = min(self._max_backoff, backoff * 2 if backoff else 0.1)
                    log.warning("outbox relay batch failed, retrying in %.1fs: %r", backoff, exc)
                    await self._close_producer()
                    await self._sleep_unless_stopped(stop, backoff)
                    continue
                if self._more_waiting:
                    continue
                if sent:  # paced: a stream of commits is gathered into rounds (see __init__)
                    await self._sleep_unless_stopped(stop, self._min_round_seconds - (time.monotonic() - began))
                await self._wait_for_work(stop)
        finally:
            await self._stop_listening()
            await self._close_producer()
            await self._close_log_ends()

    async def _wait_for_work(self, stop: asyncio.Event) -> None:
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
        if seconds <= 0:
            return
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)

    async def close(self) -> None:
        """Let go of the producer and the LISTEN connection (run() does this itself when it stops)."""
        await self._stop_listening()
        await self._close_producer()
        await self._close_log_ends()

    async def _close_log_ends(self) -> None:
        close = getattr(self._log_ends, "close", None)
        if close is not None:
            with contextlib.suppress(Exception):
                await close()

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
            if not self._trigger_checked:
                self._trigger_checked = True
                if not await self._listener.fetchval(_HAS_TRIGGER, OUTBOX_NOTIFY_TRIGGER):
                    log.warning(
                        "the outbox has no %s trigger (a migration calls create_outbox_notify_trigger): "
                        "new events wait for the %.1fs poll",
                        OUTBOX_NOTIFY_TRIGGER,
                        self._poll_seconds,
                    )
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("outbox relay cannot LISTEN, polling instead: %r", exc)
            self._listener = None

    async def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None and not listener.is_closed():
            with contextlib.suppress(Exception):
                await listener.close()


async def _both(first: Awaitable[Any], second: Awaitable[Any]) -> list[Any]:
    """Both results; both are awaited to the end even when one fails, then the first failure is raised."""
    results = await asyncio.gather(first, second, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


async def outbox_backlog(session: AsyncSession) -> int:
    return int(await session.scalar(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")) or 0)
