"""A development broker that forgets nothing (issue 13, item 4): the development broker keeps its data in
memory, so events relayed but not consumed are gone when it restarts, while the outbox says they were
sent. A relay starting against a broker that holds nothing of a topic it sent to within the retention
sends those rows again, and consumers skip what their inbox has seen: each effect appears once.

As `make run` twice would: the registry and payments-watch as real processes; payments-watch consumes
the first enterprises, is stopped, the next ones are relayed (not consumed), everything stops, the
broker starts empty, both start again."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func, select

from zjtx.common.db import create_engine, create_sessionmaker
from zjtx.common.messaging.tables import InboxRow, OutboxRow
from zjtx.common.testing.broker import group_caught_up
from zjtx.common.testing.databases import service_database, truncate_all
from zjtx.common.testing.process import ServiceProcess
from zjtx.common.testing.waiting import eventually
from zjtx.payments_watch.definition import PAYMENTS_WATCH
from zjtx.payments_watch.seller.models import Seller
from zjtx.registry.definition import REGISTRY

from .harness import enterprise_body

pytestmark = [pytest.mark.broker, pytest.mark.slow]

KEY = "forgets-nothing-key"


@pytest.fixture(scope="module")
def payments_url(pg_server_url: str) -> Iterator[str]:
    with service_database(pg_server_url, PAYMENTS_WATCH.name, PAYMENTS_WATCH.schema) as url:
        yield url


async def _count(sessions, model, *where) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)))


async def test_events_relayed_but_not_consumed_survive_a_broker_restart_and_apply_once(
    registry_database_url, payments_url, fresh_broker, tmp_path
):
    registry_engine, payments_engine = create_engine(registry_database_url), create_engine(payments_url)
    registry_db, payments_db = create_sessionmaker(registry_engine), create_sessionmaker(payments_engine)
    await truncate_all(registry_engine)
    await truncate_all(payments_engine)
    bootstrap = fresh_broker.bootstrap_servers

    def process(definition) -> ServiceProcess:
        url = registry_database_url if definition is REGISTRY else payments_url
        scopes = ["registry:read", "registry:write"] if definition is REGISTRY else ["payments:read"]
        return ServiceProcess(
            definition,
            database_url=url,
            bootstrap=bootstrap,
            workdir=tmp_path,
            clients={"p": {"key": KEY, "scopes": scopes}},
        )

    async def register(registry: ServiceProcess, serials: range) -> None:
        async with httpx.AsyncClient(base_url=registry.url, headers={"Authorization": f"Bearer {KEY}"}) as http:
            for serial in serials:
                created = await http.post("/v1/enterprises", json=enterprise_body(serial))
                assert created.status_code == 201, created.text

    def sellers_are(n: int):
        async def probe() -> bool:
            return await _count(payments_db, Seller) == n

        return probe

    async def all_relayed() -> bool:
        return await _count(registry_db, OutboxRow, OutboxRow.sent_at.is_(None)) == 0

    running: list[ServiceProcess] = []
    try:
        registry, payments = process(REGISTRY), process(PAYMENTS_WATCH)
        running += [registry, payments]
        registry.start()
        payments.start()
        await register(registry, range(401, 404))
        await eventually(sellers_are(3), timeout=60, what="the first three consumed")
        assert payments.signal(signal.SIGTERM) == 0

        await register(registry, range(404, 407))  # relayed, not consumed: nobody listens
        await eventually(all_relayed, what="all relayed")
        assert registry.signal(signal.SIGTERM) == 0
        fresh_broker.kill()  # memory only: it starts again holding nothing
        fresh_broker.start()

        registry, payments = process(REGISTRY), process(PAYMENTS_WATCH)
        running += [registry, payments]
        registry.start()
        payments.start()
        await eventually(sellers_are(6), timeout=60, what="all six enterprises in payments-watch")
        await eventually(lambda: group_caught_up(bootstrap, "payments-watch", ["registry.enterprise"]), timeout=60)
        # Each effect once: six sellers; six events in the inbox (the first three skipped when sent again).
        assert await _count(payments_db, Seller) == 6
        assert await _count(payments_db, InboxRow, InboxRow.consumer == "payments-watch") == 6
        assert await _count(registry_db, OutboxRow, OutboxRow.sent_at.is_(None)) == 0
    finally:
        for service in running:
            service.stop()
        await registry_engine.dispose()
        await payments_engine.dispose()
