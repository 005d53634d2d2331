"""Registry → broker → payments-watch, and the hotline's events → broker → payments-watch → broker, over
the real broker and real databases (each service its own): a seller registered small and later grown
large keeps a contract signed before the change monitored, while one signed after is not; an arrears
ticket raises its buyer's risk, and the level it moves is published.

The hotline service is not on this branch: its `hotline.ticket.received` is put on the broker as its
relay would send it, with the contract in zjtx.common.events.hotline."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from zjtx.common.clock import CHINA, FixedClock
from zjtx.common.db import create_engine
from zjtx.common.events import hotline as hotline_events
from zjtx.common.events import payments as payment_events
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.broker import collect, produce
from zjtx.common.testing.clients import TestKeys
from zjtx.common.testing.databases import service_database
from zjtx.common.testing.platform import ServicesInProcess
from zjtx.common.testing.registry_events import registration_body
from zjtx.common.testing.uscc import make_uscc
from zjtx.common.testing.waiting import eventually
from zjtx.common.uscc import check_character
from zjtx.payments_watch.definition import PAYMENTS_WATCH
from zjtx.payments_watch.seller.models import SellerSize
from zjtx.registry.definition import REGISTRY

pytestmark = [pytest.mark.broker]

TODAY = datetime(2025, 9, 1, 10, 0, tzinfo=CHINA)


class SettableClock:
    """The registry's clock, moved on by the test: its events occur on the days the story needs."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


@pytest.fixture(scope="module")
def keys() -> TestKeys:
    return TestKeys(
        {
            "platform": ("registry:read", "registry:write", "payments:read", "payments:write"),
            "admin": ("admin", "payments:read"),
        }
    )


@pytest.fixture(scope="session")
def payments_database_url(pg_server_url: str) -> Iterator[str]:
    with service_database(pg_server_url, PAYMENTS_WATCH.name, PAYMENTS_WATCH.schema) as url:
        yield url


@pytest.fixture(scope="session")
async def payments_engine(payments_database_url: str):
    engine = create_engine(payments_database_url, pool_size=5)
    yield engine
    await engine.dispose()


class Running(ServicesInProcess):
    """The registry and payments-watch: APIs through ASGI on committed sessions, relays and consumers;
    the broker empty at the start. The registry's clock is set by the test, payments-watch's is fixed."""

    def __init__(self, *, registry_url, payments_url, registry_engine, payments_engine, bootstrap, keys) -> None:
        self.registry_clock = SettableClock(datetime(2025, 3, 1, 9, 0, tzinfo=CHINA))
        super().__init__(
            [(REGISTRY, registry_url, registry_engine), (PAYMENTS_WATCH, payments_url, payments_engine)],
            bootstrap=bootstrap,
            keys=keys,
            clock={REGISTRY.name: self.registry_clock, PAYMENTS_WATCH.name: FixedClock(TODAY)},
        )
        self.registry, self.payments = self.apis[REGISTRY.name], self.apis[PAYMENTS_WATCH.name]
        self.payments_sessions = self.sessions[PAYMENTS_WATCH.name]

    def _as(self) -> dict[str, str]:
        return self.keys.headers("platform")

    async def call(self, client, method: str, path: str, *, status: int, **kwargs) -> dict:
        response = await client.request(method, path, headers=self._as(), **kwargs)
        assert response.status_code == status, response.text
        return response.json()

    async def sizes_seen(self, uscc: str) -> int:
        async with self.payments_sessions() as session:
            return int(
                await session.scalar(select(func.count()).select_from(SellerSize).where(SellerSize.uscc == uscc))
            )


@pytest.fixture
async def running(
    registry_database_url, payments_database_url, registry_engine, payments_engine, keys, fresh_broker
) -> AsyncIterator[Running]:
    both = Running(
        registry_url=registry_database_url,
        payments_url=payments_database_url,
        registry_engine=registry_engine,
        payments_engine=payments_engine,
        bootstrap=fresh_broker.bootstrap_servers,
        keys=keys,
    )
    await both.start()
    try:
        yield both
    finally:
        await both.stop()


def organ_code(serial: int) -> str:
    body = f"11150102{serial:09d}"
    return body + check_character(body)


async def buyer(running: Running, serial: int) -> str:
    body = {
        "code": organ_code(serial),
        "name": f"呼和浩特市示例局{serial}",
        "kind": "organ",
        "district_code": "150102",
        "supervisor": "呼和浩特市人民政府",
    }
    return (await running.call(running.payments, "POST", "/v1/buyers", status=201, json=body))["code"]


async def contract(running: Running, no: str, buyer_code: str, seller: str, signed_on: str, **fields) -> dict:
    body = {
        "contract_no": no,
        "buyer_code": buyer_code,
        "seller_uscc": seller,
        "amount": "500000.00",
        "subject": "goods",
        "signed_on": signed_on,
    } | fields
    return await running.call(running.payments, "POST", "/v1/contracts", status=201, json=body)


async def test_a_contract_signed_before_the_seller_grew_large_stays_monitored(running: Running):
    # 2025-03-01: registered in the registry as a small industrial enterprise (120 staff, 35,000,000.00).
    seller = make_uscc(801)
    registered = registration_body(seller, name="呼和浩特示例机械有限公司", cluster="new_materials_equipment")
    assert (await running.call(running.registry, "POST", "/v1/enterprises", status=201, json=registered))[
        "size_class"
    ] == "small"
    await eventually(lambda: running.sizes_seen(seller), what="payments-watch to hear of the seller")
    organ = await buyer(running, 1)
    signed_small = await contract(running, "XS-2025-001", organ, seller, "2025-05-10")
    assert (signed_small["seller_size_at_signing"], signed_small["monitored"]) == ("small", True)

    # 2025-08-20: the registry records it grown large (1,200 staff, 450,000,000.00: both large floors).
    running.registry_clock.at = datetime(2025, 8, 20, 11, 0, tzinfo=CHINA)
    grown = await running.call(
        running.registry,
        "PATCH",
        f"/v1/enterprises/{seller}",
        status=200,
        json={"employees": 1200, "annual_revenue": "450000000.00"},
    )
    assert grown["size_class"] == "large"

    async def both_sizes_seen() -> bool:
        return await running.sizes_seen(seller) == 2

    await eventually(both_sizes_seen, what="payments-watch to hear the seller grew large")

    # The contract signed before the change keeps the size at signing: still monitored.
    kept = await running.call(running.payments, "GET", "/v1/contracts/XS-2025-001", status=200)
    assert (kept["seller_size_at_signing"], kept["monitored"], kept["flags"]) == ("small", True, [])
    # One signed on the day of the change (effective on the registry's date, 2025-08-20) is not.
    after = await contract(running, "XS-2025-002", organ, seller, "2025-08-20")
    assert (after["seller_size_at_signing"], after["monitored"], after["not_monitored_reason"]) == (
        "large",
        False,
        "seller_not_sme",
    )
    # And the monitored one still falls due: delivered 2025-07-28 → due 2025-08-27; 5 days overdue today.
    await running.call(
        running.payments,
        "POST",
        "/v1/contracts/XS-2025-001/deliveries",
        status=201,
        json={"delivered_on": "2025-07-28", "amount": "100000.00"},
    )
    read = await running.call(running.payments, "GET", "/v1/contracts/XS-2025-001", status=200)
    assert (read["overdue_amount"], read["overdue_interest"]) == ("100000.00", "250.00")  # 100,000 × 5 × 0.05%


async def test_an_arrears_ticket_raises_the_buyers_risk_and_the_level_it_moves_is_published(running: Running):
    seller = make_uscc(802)
    body = {
        "uscc": seller,
        "name": "呼和浩特示例电子有限公司",
        "district_code": "150105",
        "sector": "industry",
        "cluster": "electronic_info",
        "employees": 80,
        "annual_revenue": "12000000.00",
        "registered_on": "2020-01-06",
    }
    await running.call(running.registry, "POST", "/v1/enterprises", status=201, json=body)
    await eventually(lambda: running.sizes_seen(seller), what="payments-watch to hear of the seller")
    organ = await buyer(running, 2)
    await contract(running, "XS-2025-010", organ, seller, "2025-06-01")
    await running.call(
        running.payments,
        "POST",
        "/v1/contracts/XS-2025-010/deliveries",
        status=201,
        json={"delivered_on": "2025-06-02", "amount": "100000.00"},
    )
    # Due 2025-07-02; on 2025-09-01: 100,000.00 → 4.00; 61 days → 30 × 61/90 = 20.33; 1 contract → 4.00;
    # no complaint: 28.33, low.
    before = await running.call(running.payments, "GET", f"/v1/buyers/{organ}/risk", status=200)
    assert (before["score"], before["level"]) == ("28.33", "low")

    ticket_id = uuid.uuid4()
    ticket = hotline_events.TicketEvent(
        ticket_id=ticket_id,
        external_id="12345-2025-0831-0007",
        status="received",
        category="arrears",
        department=None,
        uscc=seller,
        enterprise_known=True,
        enterprise_name="呼和浩特示例电子有限公司",
        title="政府采购货款逾期两个月未付",
        received_at=datetime(2025, 8, 31, 15, 20, tzinfo=CHINA),
        buyer_code=organ,
        contract_no="XS-2025-010",
    )
    envelope = make_envelope(
        hotline_events.TICKET_RECEIVED,
        key=str(ticket_id),
        payload=ticket,
        producer="hotline",
        occurred_at=ticket.received_at,
    )
    await produce(running.bootstrap, [envelope])

    async def risen() -> dict | None:
        risk = await running.call(running.payments, "GET", f"/v1/buyers/{organ}/risk", status=200)
        return risk if risk["terms"][3]["value"] == "1" else None

    after = await eventually(risen, what="the arrears ticket counted in the buyer's risk")
    # One complaint: 10 × 1/3 = 3.33; 28.33 + 3.33 = 31.66, medium.
    assert (after["score"], after["level"]) == ("31.66", "medium")
    cases = await running.call(running.payments, "GET", f"/v1/buyers/{organ}/complaints", status=200)
    assert [(c["ticket_id"], c["contract_no"], c["counted"]) for c in cases["items"]] == [
        (str(ticket_id), "XS-2025-010", True)
    ]
    # The move from low to medium went out on the broker, once.
    [changed] = await collect(running.bootstrap, payment_events.BUYER_TOPIC, expected=1)
    assert changed.event_type == "payments.buyer.risk_changed"
    assert (changed.key, changed.payload["previous_level"], changed.payload["level"], changed.payload["score"]) == (
        organ,
        "low",
        "medium",
        "31.66",
    )
    assert changed.payload["as_of"] == date(2025, 9, 1).isoformat()
    async with running.payments_sessions() as session:
        published = await session.scalar(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.event_type == changed.event_type)
        )
    assert published == 1
