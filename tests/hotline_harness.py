"""The registry and the hotline running together as in production, inside the test process: each API
through ASGI on sessions that really commit to its own database, each outbox relay (built as the service
builds it) and each consumer on the real broker. Helpers call the APIs as the data platform, the 12345
system and a department would, and wait for the events to settle."""

from __future__ import annotations

import importlib.util
import json
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from zjtx.common.clock import Clock
from zjtx.common.events import hotline as hotline_events
from zjtx.common.events import payments as payment_events
from zjtx.common.events import registry as registry_events
from zjtx.common.testing.clients import TestKeys
from zjtx.common.testing.platform import ServicesInProcess
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


class HotlinePlatform(ServicesInProcess):
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
        super().__init__(
            [(REGISTRY, registry_url, registry_engine), (HOTLINE, hotline_url, hotline_engine)],
            bootstrap=bootstrap,
            keys=keys,
            clock=clock,
        )
        self.registry, self.hotline = self.apis[REGISTRY.name], self.apis[HOTLINE.name]
        self.hotline_sessions = self.sessions[HOTLINE.name]
        self.clock = clock

    async def seed(self) -> None:
        await seed_city(self.engines[HOTLINE.name])

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
