"""The registry and the hotline running together as in production, inside the test process: each API
through ASGI on sessions that really commit to its own database, each outbox relay (built as the service
builds it) and each consumer on the real broker. Helpers call the APIs as the data platform, the 12345
system and a department would, and wait for the events to settle."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from zjtx.common.clock import Clock
from zjtx.common.db import create_sessionmaker
from zjtx.common.events import hotline as hotline_events
from zjtx.common.events import payments as payment_events
from zjtx.common.events import registry as registry_events
from zjtx.common.kit import create_app
from zjtx.common.messaging.consumer import EventConsumer
from zjtx.common.messaging.kafka import ensure_topics
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.runtime import build_relay
from zjtx.common.settings import Environment
from zjtx.common.testing.broker import FAST_GROUP, PARTITIONS
from zjtx.common.testing.clients import TestKeys, asgi_client
from zjtx.common.testing.databases import truncate_all
from zjtx.common.testing.waiting import eventually
from zjtx.common.web.signatures import signed_headers
from zjtx.hotline.definition import HOTLINE
from zjtx.registry.definition import REGISTRY

from .harness import enterprise_body

WEBHOOK_SECRET = "cross-service-12345-secret"
SEED_MIGRATION = "hotline_0002_city_departments.py"
TOPICS = [*registry_events.TOPICS, hotline_events.TOPIC, payment_events.PAYABLE_TOPIC]


async def seed_city(engine: AsyncEngine) -> None:
    """The city's departments and routes, as the hotline's data migration (hotline_0002) seeds them: read
    from it, so that emptied tables get back exactly what a fresh database holds."""
    spec = importlib.util.spec_from_file_location("hotline_0002", HOTLINE.schema.versions / SEED_MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    async with engine.begin() as connection:
        for code, name in migration.DEPARTMENTS:
            await connection.execute(
                text("INSERT INTO department (code, name) VALUES (:c, :n)"), {"c": code, "n": name}
            )
        for category, code in migration.ROUTES:
            await connection.execute(
                text("INSERT INTO route (category, department_code) VALUES (:k, :c)"), {"k": category, "c": code}
            )


class HotlinePlatform:
    def __init__(
        self,
        *,
        registry_url: str,
        hotline_url: str,
        registry_engine: AsyncEngine,
        hotline_engine: AsyncEngine,
        bootstrap: str,
        keys: TestKeys,
        clock: Clock,
    ) -> None:
        self.bootstrap, self.keys, self.clock = bootstrap, keys, clock
        self.engines = (registry_engine, hotline_engine)
        self.registry_sessions = create_sessionmaker(registry_engine)
        self.hotline_sessions = create_sessionmaker(hotline_engine)
        common = {
            "environment": Environment.TEST,
            "kafka_bootstrap_servers": bootstrap,
            "kafka_topic_partitions": PARTITIONS,
            "relay_poll_seconds": 0.2,
            "relay_max_backoff_seconds": 0.5,
        }
        self.registry_settings = REGISTRY.settings_class()(database_url=registry_url, **common)
        self.hotline_settings = HOTLINE.settings_class()(database_url=hotline_url, **common)
        registry_app = create_app(
            REGISTRY, self.registry_settings, sessions=self.registry_sessions, clients=keys.store, clock=clock
        )
        hotline_app = create_app(
            HOTLINE, self.hotline_settings, sessions=self.hotline_sessions, clients=keys.store, clock=clock
        )
        self.registry = asgi_client(registry_app)
        self.hotline = asgi_client(hotline_app)
        self.consumers = [
            self._consumer(registry_app, self.registry_sessions),
            self._consumer(hotline_app, self.hotline_sessions),
        ]
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    def _consumer(self, app, sessions) -> EventConsumer:
        return EventConsumer(
            handlers=app.state.event_handlers,
            sessions=sessions,
            bootstrap_servers=self.bootstrap,
            max_attempts=3,
            retry_base_seconds=0.05,
            group_timing=FAST_GROUP,
        )

    async def start(self) -> None:
        for engine in self.engines:
            await truncate_all(engine)
        await seed_city(self.engines[1])
        # What `serve` does at start-up: the topics consumed exist before the groups form.
        await ensure_topics(self.bootstrap, TOPICS, partitions=PARTITIONS, replication_factor=1)
        for settings, sessions in (
            (self.registry_settings, self.registry_sessions),
            (self.hotline_settings, self.hotline_sessions),
        ):
            self._tasks.append(asyncio.create_task(build_relay(settings, sessions).run(self._stop)))
        for consumer in self.consumers:
            await consumer.start()
            self._tasks.append(asyncio.create_task(consumer.run(self._stop)))

    async def stop(self) -> None:
        self._stop.set()
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        for consumer in self.consumers:
            await consumer.stop()
        await self.registry.aclose()
        await self.hotline.aclose()
        for engine in self.engines:
            await truncate_all(engine)
        failures = [r for r in results if isinstance(r, BaseException)]
        assert not failures, f"a relay or consumer crashed: {failures!r}"

    async def all_sent(self) -> bool:
        """Both outboxes empty of unsent rows."""
        for sessions in (self.registry_sessions, self.hotline_sessions):
            async with sessions() as session:
                if await session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.sent_at.is_(None))):
                    return False
        return True

    # -- the registry ------------------------------------------------------------------------------

    async def register(self, serial: int) -> str:
        response = await self.registry.post(
            "/v1/enterprises", json=enterprise_body(serial), headers=self.keys.headers("platform")
        )
        assert response.status_code == 201, response.text
        return response.json()["uscc"]

    async def history(self, uscc: str, *, producer: str) -> list[dict[str, Any]]:
        response = await self.registry.get(
            f"/v1/enterprises/{uscc}/history", params={"limit": 200}, headers=self.keys.headers("platform")
        )
        assert response.status_code == 200, response.text
        return [entry for entry in response.json()["items"] if entry["producer"] == producer]

    # -- the hotline -------------------------------------------------------------------------------

    async def complain(self, body: dict[str, Any], *, at: datetime | None = None) -> dict[str, Any]:
        raw = json.dumps(body, ensure_ascii=False).encode()
        headers = {
            **self.keys.headers("hotline-12345"),
            "Content-Type": "application/json",
            **signed_headers(WEBHOOK_SECRET, raw, now=at or self.clock.now()),
        }
        response = await self.hotline.post("/v1/tickets", content=raw, headers=headers)
        assert response.status_code == 201, response.text
        return response.json()

    async def ticket(self, ticket_id: str, *, as_: str = "handler-gxj") -> dict[str, Any]:
        response = await self.hotline.get(f"/v1/tickets/{ticket_id}", headers=self.keys.headers(as_))
        assert response.status_code == 200, response.text
        return response.json()

    async def act(self, ticket_id: str, action: str, body: dict | None = None, *, as_: str = "handler-gxj") -> dict:
        response = await self.hotline.post(
            f"/v1/tickets/{ticket_id}/{action}", json=body, headers=self.keys.headers(as_)
        )
        assert response.status_code == 200, f"{action}: {response.text}"
        return response.json()

    async def hotline_knows(self, uscc: str) -> bool:
        async with self.hotline_sessions() as session:
            return bool(await session.scalar(text("SELECT count(*) FROM enterprise_view WHERE uscc = :u"), {"u": uscc}))

    async def wait_for(self, probe, what: str, timeout: float = 30.0):
        return await eventually(probe, timeout=timeout, what=what)
