"""Services running together as in production, inside the test process: each API through ASGI on
sessions that really commit to its own database, and each outbox relay and consumer (its own events' and
its foreign topics') built as the kit's runtime builds them, on the real broker. A cross-service test
subclasses it with the calls its story needs."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from zjtx.common.clock import Clock
from zjtx.common.db import create_sessionmaker
from zjtx.common.kit import ServiceDefinition, create_app
from zjtx.common.messaging.consumer import EventConsumer
from zjtx.common.messaging.kafka import ensure_topics
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.runtime import build_relay, consumer_of
from zjtx.common.settings import Environment, ServiceSettings
from zjtx.common.testing.broker import FAST_GROUP, PARTITIONS
from zjtx.common.testing.clients import TestKeys, asgi_client
from zjtx.common.testing.databases import truncate_all

# Quick relays and retries, and a consumer group that forms and rebalances in well under a second.
TEST_SETTINGS = {
    "environment": Environment.TEST,
    "kafka_topic_partitions": PARTITIONS,
    "relay_poll_seconds": 0.2,
    "relay_max_backoff_seconds": 0.5,
    "consumer_max_attempts": 3,
    "consumer_retry_base_seconds": 0.05,
    "consumer_session_timeout_ms": FAST_GROUP.session_timeout_ms,
    "consumer_heartbeat_interval_ms": FAST_GROUP.heartbeat_interval_ms,
    "consumer_rebalance_timeout_ms": FAST_GROUP.rebalance_timeout_ms,
}


class _Process:
    """What the runtime's `consumer_of` reads of a process: its app."""

    def __init__(self, app) -> None:
        self.app = app


class ServicesInProcess:
    """`services`: each definition with its database's URL and engine (the tests' databases); `clock` is
    every service's, or each one's by name."""

    def __init__(
        self,
        services: Sequence[tuple[ServiceDefinition, str, AsyncEngine]],
        *,
        bootstrap: str,
        keys: TestKeys,
        clock: Clock | Mapping[str, Clock],
    ) -> None:
        self.bootstrap, self.keys = bootstrap, keys
        self.definitions = [definition for definition, _, _ in services]
        self.engines: dict[str, AsyncEngine] = {}
        self.sessions: dict[str, async_sessionmaker] = {}
        self.settings: dict[str, ServiceSettings] = {}
        self.apis: dict[str, AsyncClient] = {}
        self.consumers: list[EventConsumer] = []
        for definition, url, engine in services:
            name = definition.name
            self.engines[name] = engine
            self.sessions[name] = create_sessionmaker(engine)
            self.settings[name] = definition.settings_class()(
                database_url=url, kafka_bootstrap_servers=bootstrap, **TEST_SETTINGS
            )
            app = create_app(
                definition,
                self.settings[name],
                sessions=self.sessions[name],
                clients=keys.store,
                clock=clock[name] if isinstance(clock, Mapping) else clock,
            )
            self.apis[name] = asgi_client(app)
            process = _Process(app)
            self.consumers.append(consumer_of(self.settings[name], process, app.state.event_handlers))
            self.consumers.extend(
                consumer_of(self.settings[name], process, foreign) for foreign in app.state.foreign_handlers.values()
            )
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    async def seed(self) -> None:
        """What a fresh database holds beyond its tables (a data migration's rows), after the emptying."""

    async def start(self) -> None:
        for engine in self.engines.values():
            await truncate_all(engine)
        await self.seed()
        # What `serve` does at start-up: every topic a process reads or writes exists before groups form.
        topics = sorted({topic for definition in self.definitions for topic in definition.topics})
        await ensure_topics(self.bootstrap, topics, partitions=PARTITIONS, replication_factor=1)
        for name, settings in self.settings.items():
            self._tasks.append(asyncio.create_task(build_relay(settings, self.sessions[name]).run(self._stop)))
        for consumer in self.consumers:
            await consumer.start()
            self._tasks.append(asyncio.create_task(consumer.run(self._stop)))

    async def stop(self) -> None:
        self._stop.set()
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        for consumer in self.consumers:
            await consumer.stop()
        for api in self.apis.values():
            await api.aclose()
        for engine in self.engines.values():
            await truncate_all(engine)
        failures = [result for result in results if isinstance(result, BaseException)]
        assert not failures, f"a relay or consumer crashed: {failures!r}"

    async def all_sent(self) -> bool:
        """Every outbox empty of unsent rows."""
        for sessions in self.sessions.values():
            async with sessions() as session:
                if await session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.sent_at.is_(None))):
                    return False
        return True
