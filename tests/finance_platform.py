"""The registry and finance-subsidy running together as in production, inside the test process: each API
through ASGI on sessions that really commit to its own database; each outbox relay, each consumer of our
events, and finance's consumer of the banks' topic (built as the kit's runtime builds them) on the real
broker. A bank sends by webhook (signed with its secret) or on `bank.loan-events`."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from zjtx.common.clock import Clock
from zjtx.common.db import create_sessionmaker
from zjtx.common.kit import create_app
from zjtx.common.messaging.consumer import EventConsumer
from zjtx.common.messaging.kafka import ensure_topics
from zjtx.common.runtime import build_relay, consumer_of
from zjtx.common.settings import Environment
from zjtx.common.testing.broker import FAST_GROUP, produce_raw
from zjtx.common.testing.clients import TestKeys, asgi_client
from zjtx.common.testing.databases import truncate_all
from zjtx.common.testing.waiting import eventually
from zjtx.common.web.signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature
from zjtx.finance_subsidy.definition import FINANCE_SUBSIDY
from zjtx.registry.definition import REGISTRY

from .harness import PARTITIONS, enterprise_body

BANK_SECRET = "demo-webhook-secret"


class _Process:
    """What `build_process` hands the runtime, for `consumer_of` (the consumers as a process builds them)."""

    def __init__(self, app) -> None:
        self.app = app


class FinancePlatform:
    def __init__(
        self,
        *,
        registry_url: str,
        finance_url: str,
        registry_engine: AsyncEngine,
        finance_engine: AsyncEngine,
        bootstrap: str,
        keys: TestKeys,
        clock: Clock,
    ) -> None:
        self.bootstrap = bootstrap
        self.keys = keys
        self.clock = clock
        self.engines = (registry_engine, finance_engine)
        self.registry_sessions = create_sessionmaker(registry_engine)
        self.finance_sessions = create_sessionmaker(finance_engine)
        common = {
            "environment": Environment.TEST,
            "kafka_bootstrap_servers": bootstrap,
            "kafka_topic_partitions": PARTITIONS,
            "relay_poll_seconds": 0.2,
            "relay_max_backoff_seconds": 0.5,
            "consumer_max_attempts": 3,
            "consumer_retry_base_seconds": 0.05,
            "consumer_session_timeout_ms": FAST_GROUP.session_timeout_ms,
            "consumer_heartbeat_interval_ms": FAST_GROUP.heartbeat_interval_ms,
            "consumer_rebalance_timeout_ms": FAST_GROUP.rebalance_timeout_ms,
        }
        self.registry_settings = REGISTRY.settings_class()(database_url=registry_url, **common)
        self.finance_settings = FINANCE_SUBSIDY.settings_class()(database_url=finance_url, **common)
        registry_app = create_app(
            REGISTRY, self.registry_settings, sessions=self.registry_sessions, clients=keys.store, clock=clock
        )
        finance_app = create_app(
            FINANCE_SUBSIDY, self.finance_settings, sessions=self.finance_sessions, clients=keys.store, clock=clock
        )
        self.registry = asgi_client(registry_app)
        self.finance = asgi_client(finance_app)
        # Each process's consumers, as the runtime builds them: the registry's (our events), finance's (the
        # registry's events) and finance's consumer of the banks' topic.
        self.consumers: list[EventConsumer] = [
            consumer_of(self.registry_settings, _Process(registry_app), registry_app.state.event_handlers),
            consumer_of(self.finance_settings, _Process(finance_app), finance_app.state.event_handlers),
            *(
                consumer_of(self.finance_settings, _Process(finance_app), foreign)
                for foreign in finance_app.state.foreign_handlers.values()
            ),
        ]
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    async def start(self) -> None:
        for engine in self.engines:
            await truncate_all(engine)
        # What `serve` does at start-up: every topic either process reads or writes exists first.
        topics = sorted(set(REGISTRY.topics) | set(FINANCE_SUBSIDY.topics))
        await ensure_topics(self.bootstrap, topics, partitions=PARTITIONS, replication_factor=1)
        for settings, sessions in (
            (self.registry_settings, self.registry_sessions),
            (self.finance_settings, self.finance_sessions),
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
        await self.finance.aclose()
        for engine in self.engines:
            await truncate_all(engine)
        failures = [r for r in results if isinstance(r, BaseException)]
        assert not failures, f"a relay or consumer crashed: {failures!r}"

    def _as(self, client: str) -> dict[str, str]:
        return self.keys.headers(client)

    # -- the registry ----------------------------------------------------------------------------

    async def register(self, serial: int) -> str:
        response = await self.registry.post(
            "/v1/enterprises", json=enterprise_body(serial), headers=self._as("platform")
        )
        assert response.status_code == 201, response.text
        return response.json()["uscc"]

    async def grant(self, uscc: str, *, tier: str = "national_little_giant", recognized_on: str = "2023-07-01") -> str:
        body = {"tier": tier, "document_no": "工信部企业函〔2023〕158号", "recognized_on": recognized_on}
        response = await self.registry.post(
            f"/v1/enterprises/{uscc}/recognitions", json=body, headers=self._as("platform")
        )
        assert response.status_code == 201, response.text
        return response.json()["id"]

    async def revoke(self, uscc: str, recognition_id: str, *, revoked_on: str, reason: str) -> None:
        response = await self.registry.post(
            f"/v1/enterprises/{uscc}/recognitions/{recognition_id}/revoke",
            json={"revoked_on": revoked_on, "reason": reason},
            headers=self._as("platform"),
        )
        assert response.status_code == 200, response.text

    async def history(self, uscc: str) -> list[dict[str, Any]]:
        response = await self.registry.get(
            f"/v1/enterprises/{uscc}/history", params={"limit": 200}, headers=self._as("platform")
        )
        assert response.status_code == 200, response.text
        return [entry for entry in response.json()["items"] if entry["producer"] == "finance-subsidy"]

    # -- finance ---------------------------------------------------------------------------------

    async def bank(self, code: str = "DEMO") -> None:
        body = {"code": code, "name": "示例银行呼和浩特分行", "zhubaodai_partner": True}
        response = await self.finance.post("/v1/banks", json=body, headers=self._as("admin"))
        assert response.status_code == 201, response.text

    async def knows(self, uscc: str) -> None:
        """Finance has the enterprise in its read model (fed by the registry's events)."""

        async def known() -> bool:
            response = await self.finance.get(
                f"/v1/enterprises/{uscc}/subsidy-summary", params={"year": 2024}, headers=self._as("platform")
            )
            return response.status_code == 200

        await eventually(known, what=f"finance knowing {uscc}")

    async def webhook(self, event: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(event).encode()
        at = int(self.clock.now().timestamp())
        headers = {
            **self._as("bank-demo"),
            "content-type": "application/json",
            TIMESTAMP_HEADER: str(at),
            SIGNATURE_HEADER: signature(BANK_SECRET, at, body),
        }
        response = await self.finance.post("/v1/bank-events", content=body, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def on_topic(self, *events: dict[str, Any]) -> None:
        """What the bank's Kafka producer does: its events on `bank.loan-events`, keyed by loan."""
        messages = [(e["payload"]["loan_id"].encode(), json.dumps(e).encode()) for e in events]
        await produce_raw(self.bootstrap, "bank.loan-events", messages)

    async def subsidies(self, uscc: str) -> list[dict[str, Any]]:
        response = await self.finance.get("/v1/subsidies", params={"uscc": uscc}, headers=self._as("platform"))
        assert response.status_code == 200, response.text
        return response.json()["items"]

    async def bank_events(self, loan_id: str) -> list[dict[str, Any]]:
        response = await self.finance.get("/v1/bank-events", params={"loan_id": loan_id}, headers=self._as("platform"))
        assert response.status_code == 200, response.text
        return response.json()["items"]
