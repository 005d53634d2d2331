"""The registry and awards running together as in production, inside the test process: each API through
ASGI on sessions that really commit to its own database, each outbox relay (built as the service builds
it) and each consumer on the real broker. Helpers call the APIs and wait for events to settle."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, TypeVar

from aiokafka import AIOKafkaConsumer, ConsumerRecord
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from zjtx.awards.definition import AWARDS
from zjtx.common.clock import FixedClock
from zjtx.common.db import create_sessionmaker
from zjtx.common.events import awards as award_events
from zjtx.common.events import registry as registry_events
from zjtx.common.kit import create_app
from zjtx.common.messaging.consumer import EventConsumer, GroupTiming
from zjtx.common.messaging.kafka import create_producer, ensure_topics
from zjtx.common.messaging.tables import InboxRow, OutboxRow
from zjtx.common.runtime import build_relay
from zjtx.common.settings import Environment
from zjtx.common.testing.broker import rewind_group
from zjtx.common.testing.clients import TestKeys, asgi_client
from zjtx.common.testing.databases import truncate_all
from zjtx.common.testing.registry_events import registration_body
from zjtx.common.testing.uscc import make_uscc
from zjtx.common.testing.waiting import eventually
from zjtx.registry.definition import REGISTRY

T = TypeVar("T")

# The development broker holds a joining member for about the rebalance timeout: keep tests quick.
FAST_GROUP = GroupTiming(session_timeout_ms=1500, heartbeat_interval_ms=200, rebalance_timeout_ms=500)
PARTITIONS = 3
REGISTRY_TOPICS = tuple(registry_events.TOPICS)


class CountingConsumer(EventConsumer):
    """The platform's consumer, counting the records it has finished (applied, skipped or parked)."""

    processed = 0

    async def process_batch(self, batch, *, stop=None):
        done = await super().process_batch(batch, stop=stop)
        for partition, records in batch.items():
            self.processed += sum(1 for record in records if record.offset < done.get(partition, -1))
        return done


def enterprise_body(serial: int) -> dict[str, Any]:
    """A small industrial SME of 赛罕区 (150105) in the agri-food cluster."""
    return registration_body(make_uscc(serial), name=f"呼和浩特跨服务示例企业{serial}")


class Platform:
    def __init__(
        self,
        *,
        registry_url: str,
        awards_url: str,
        registry_engine: AsyncEngine,
        awards_engine: AsyncEngine,
        bootstrap: str,
        keys: TestKeys,
        clock: FixedClock,
    ) -> None:
        self.bootstrap = bootstrap
        self.keys = keys
        self.clock = clock
        self.engines = (registry_engine, awards_engine)
        self.registry_sessions = create_sessionmaker(registry_engine)
        self.awards_sessions = create_sessionmaker(awards_engine)
        common = {
            "environment": Environment.TEST,
            "kafka_bootstrap_servers": bootstrap,
            "kafka_topic_partitions": PARTITIONS,
            "relay_poll_seconds": 0.2,
            "relay_max_backoff_seconds": 0.5,
        }
        self.registry_settings = REGISTRY.settings_class()(database_url=registry_url, **common)
        self.awards_settings = AWARDS.settings_class()(database_url=awards_url, **common)
        registry_app = create_app(
            REGISTRY, self.registry_settings, sessions=self.registry_sessions, clients=keys.store, clock=clock
        )
        # No public notice (P.notice 0 working days): these stories are about events, not the notice, and an
        # award reviewed and approved at once keeps its history in the order it happened.
        awards_app = create_app(
            AWARDS,
            self.awards_settings,
            sessions=self.awards_sessions,
            clients=keys.store,
            clock=clock,
            parameters=AWARDS.load_parameters().with_body("public_notice", working_days=0),
        )
        self.registry = asgi_client(registry_app)
        self.awards = asgi_client(awards_app)
        self._awards_app = awards_app
        self.registry_consumer = self._consumer(registry_app, self.registry_sessions)
        self.awards_consumer = self._consumer(awards_app, self.awards_sessions)
        self.replayed = 0  # registry messages put on the broker a second time (replay tests)
        self._stop = asyncio.Event()  # the relays and the registry consumer
        self._tasks: list[asyncio.Task] = []
        self._awards_stop = asyncio.Event()  # the awards consumer alone, which a test may restart
        self._awards_task: asyncio.Task | None = None

    def _consumer(self, app, sessions) -> CountingConsumer:
        return CountingConsumer(
            handlers=app.state.event_handlers,
            sessions=sessions,
            bootstrap_servers=self.bootstrap,
            max_attempts=3,
            retry_base_seconds=0.05,
            group_timing=FAST_GROUP,
        )

    # -- running ---------------------------------------------------------------------------------

    async def start(self) -> None:
        for engine in self.engines:
            await truncate_all(engine)
        # What `serve` does at start-up: the topics both consume exist before their groups form.
        topics = [*REGISTRY_TOPICS, award_events.TOPIC]
        await ensure_topics(self.bootstrap, topics, partitions=PARTITIONS, replication_factor=1)
        for settings, sessions in (
            (self.registry_settings, self.registry_sessions),
            (self.awards_settings, self.awards_sessions),
        ):
            self._spawn(build_relay(settings, sessions).run(self._stop))
        await self.registry_consumer.start()
        self._spawn(self.registry_consumer.run(self._stop))
        await self._start_awards_consumer()

    def _spawn(self, coroutine) -> None:
        self._tasks.append(asyncio.create_task(coroutine))

    async def _start_awards_consumer(self) -> None:
        self._awards_stop = asyncio.Event()
        await self.awards_consumer.start()
        self._awards_task = asyncio.create_task(self.awards_consumer.run(self._awards_stop))

    async def _stop_awards_consumer(self) -> BaseException | None:
        self._awards_stop.set()
        failure = None
        if self._awards_task is not None:
            failure = (await asyncio.gather(self._awards_task, return_exceptions=True))[0]
        await self.awards_consumer.stop()
        return failure

    async def stop(self) -> None:
        self._stop.set()
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        results.append(await self._stop_awards_consumer())
        await self.registry_consumer.stop()
        await self.registry.aclose()
        await self.awards.aclose()
        for engine in self.engines:
            await truncate_all(engine)
        failures = [r for r in results if isinstance(r, BaseException)]
        assert not failures, f"a relay or consumer crashed: {failures!r}"

    async def settle(self, timeout: float = 30.0) -> None:
        """Wait until every event either service wrote has been sent and consumed by the other."""

        async def settled() -> bool:
            registry_sent = await _sent(self.registry_sessions, REGISTRY_TOPICS)
            awards_sent = await _sent(self.awards_sessions, (award_events.TOPIC,))
            return (
                registry_sent is not None
                and awards_sent is not None
                and self.awards_consumer.processed >= registry_sent + self.replayed
                and self.registry_consumer.processed >= awards_sent
            )

        await eventually(settled, timeout=timeout, what="both outboxes sent and consumed")

    # -- the registry ----------------------------------------------------------------------------

    def _as(self, client: str) -> dict[str, str]:
        return self.keys.headers(client)

    async def register(self, serial: int) -> str:
        response = await self.registry.post(
            "/v1/enterprises", json=enterprise_body(serial), headers=self._as("platform")
        )
        assert response.status_code == 201, response.text
        return response.json()["uscc"]

    async def grant(self, uscc: str, *, tier: str = "municipal_zjtx", recognized_on: str = "2024-06-18") -> str:
        body = {"tier": tier, "document_no": "呼工信发〔2024〕37号", "recognized_on": recognized_on}
        response = await self.registry.post(
            f"/v1/enterprises/{uscc}/recognitions", json=body, headers=self._as("platform")
        )
        assert response.status_code == 201, response.text
        return response.json()["id"]

    async def revoke(self, uscc: str, recognition_id: str, *, reason: str, revoked_on: str = "2025-08-15") -> None:
        response = await self.registry.post(
            f"/v1/enterprises/{uscc}/recognitions/{recognition_id}/revoke",
            json={"revoked_on": revoked_on, "reason": reason},
            headers=self._as("platform"),
        )
        assert response.status_code == 200, response.text

    async def report_scale(self, uscc: str, year: int, revenue: str) -> dict[str, Any]:
        response = await self.registry.post(
            f"/v1/enterprises/{uscc}/scale-reports",
            json={"year": year, "main_business_revenue": revenue},
            headers=self._as("platform"),
        )
        assert response.status_code == 201, response.text
        return response.json()

    async def history(self, uscc: str, *, producer: str) -> list[dict[str, Any]]:
        response = await self.registry.get(
            f"/v1/enterprises/{uscc}/history", params={"limit": 200}, headers=self._as("platform")
        )
        assert response.status_code == 200, response.text
        return [entry for entry in response.json()["items"] if entry["producer"] == producer]

    # -- awards ----------------------------------------------------------------------------------

    async def awards_of(self, uscc: str, **filters: str) -> list[dict[str, Any]]:
        response = await self.awards.get(
            "/v1/awards", params={"uscc": uscc, "limit": 200, **filters}, headers=self._as("platform")
        )
        assert response.status_code == 200, response.text
        return response.json()["items"]

    async def award(self, award_id: str) -> dict[str, Any]:
        response = await self.awards.get(f"/v1/awards/{award_id}", headers=self._as("platform"))
        assert response.status_code == 200, response.text
        return response.json()

    async def the_award(self, uscc: str, **filters: str) -> dict[str, Any]:
        """The enterprise's one award, once it exists and every event in flight has been consumed."""
        await eventually(lambda: self.awards_of(uscc, **filters), what=f"an award for {uscc}")
        await self.settle()
        found = await self.awards_of(uscc, **filters)
        assert len(found) == 1, found
        return found[0]

    async def pay(self, award_id: str, *, reference: str = "PAY-2025-0001", paid_on: str = "2025-09-01") -> None:
        """Review (one client), approve (another), and the finance bureau records the payment, as the city works:
        against appropriations of the payment's year for both halves (F.1), recorded first."""
        for share in (await self.award(award_id))["funding"]:
            body = {
                "funder": share["funder"],
                "fiscal_year": int(paid_on[:4]),
                "amount": share["amount"],
                "reference": reference,
            }
            response = await self.awards.post("/v1/budget/appropriations", json=body, headers=self._as("budget"))
            assert response.status_code == 201, response.text
        reviewed = await self.awards.post(f"/v1/awards/{award_id}/review", headers=self._as("reviewer"))
        assert reviewed.status_code == 200, f"review: {reviewed.text}"
        steps = [
            ("approve", "approver", None),
            ("disburse", "treasury", {"payment_reference": reference, "paid_on": paid_on}),
        ]
        for action, client, body in steps:
            response = await self.awards.post(f"/v1/awards/{award_id}/{action}", json=body, headers=self._as(client))
            assert response.status_code == 200, f"{action}: {response.text}"

    async def inbox_count(self) -> int:
        async with self.awards_sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(InboxRow)))

    # -- the broker ------------------------------------------------------------------------------

    async def rewind_awards_consumer(self) -> None:
        """What an operator's `kafka-consumer-groups --reset-offsets --to-earliest` does: the awards
        consumer stops, its group's offsets go back to the start of the registry's topics, and a new
        consumer of the same group (and so the same inbox) reads every registry event again."""
        await self.settle()
        failure = await self._stop_awards_consumer()
        assert failure is None, f"the awards consumer crashed: {failure!r}"
        await rewind_group(self.bootstrap, self.awards_consumer.handlers.consumer, REGISTRY_TOPICS)
        self.awards_consumer = self._consumer(self._awards_app, self.awards_sessions)
        self.replayed = 0  # the new consumer counts from zero: it must read every registry event
        await self._start_awards_consumer()

    async def replay_registry_events(self) -> int:
        """Put every message of the registry's topics on the broker again, as a re-sent stream would."""
        await self.settle()
        sent = await _sent(self.registry_sessions)
        assert sent is not None
        records = await _read_all(self.bootstrap, REGISTRY_TOPICS, expected=sent)
        producer = create_producer(self.bootstrap, client_id="test-replay")
        await producer.start()
        try:
            for record in records:
                await producer.send_and_wait(record.topic, key=record.key, value=record.value)
        finally:
            await producer.stop()
        self.replayed += len(records)
        return len(records)


async def _sent(sessions: async_sessionmaker, topics: tuple[str, ...] = REGISTRY_TOPICS) -> int | None:
    """How many events for `topics` the relay has sent; None while some are still waiting."""
    async with sessions() as session:
        rows = (
            await session.execute(
                select(OutboxRow.sent_at.is_(None), func.count())
                .where(OutboxRow.topic.in_(topics))
                .group_by(OutboxRow.sent_at.is_(None))
            )
        ).all()
    counts = {bool(unsent): int(n) for unsent, n in rows}
    return None if counts.get(True) else counts.get(False, 0)


async def _read_all(bootstrap: str, topics: tuple[str, ...], *, expected: int) -> list[ConsumerRecord]:
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=f"test-replay-{uuid.uuid4()}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        session_timeout_ms=FAST_GROUP.session_timeout_ms,
        heartbeat_interval_ms=FAST_GROUP.heartbeat_interval_ms,
        rebalance_timeout_ms=FAST_GROUP.rebalance_timeout_ms,
    )
    await consumer.start()
    records: list[ConsumerRecord] = []
    try:
        deadline = asyncio.get_running_loop().time() + 20
        while len(records) < expected and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for partition_records in batch.values():
                records += partition_records
    finally:
        await consumer.stop()
    assert len(records) == expected, f"read {len(records)} of {expected} registry messages"
    return records
