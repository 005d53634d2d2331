"""Registry ⇄ broker ⇄ hotline, and what payments-watch reads, over the real broker and two real
databases: the hotline learns enterprises from the registry's events; an arrears complaint from the
12345 system reaches the registry's history of the enterprise, and travels on `hotline.ticket` as the
contract payments-watch consumes (category `arrears` with buyer and contract, no personal data); an
overdue payable payments-watch publishes is linked to the complaint, whichever comes first."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime
from decimal import Decimal

import pytest

from zjtx.common.clock import CHINA, FixedClock
from zjtx.common.db import create_engine
from zjtx.common.events import hotline as hotline_events
from zjtx.common.events import payments as payment_events
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.testing.broker import collect, produce
from zjtx.common.testing.clients import TestKeys
from zjtx.common.testing.databases import service_database
from zjtx.hotline.definition import HOTLINE

from .harness import enterprise_body
from .hotline_harness import WEBHOOK_SECRET, HotlinePlatform

pytestmark = [pytest.mark.broker]

NOW = datetime(2025, 9, 1, 10, 0, tzinfo=CHINA)


@pytest.fixture(scope="module")
def keys() -> TestKeys:
    """The development stack's clients of the hotline (devstack/keys.py), and the data platform."""
    return TestKeys(
        {
            "platform": ("registry:read", "registry:write", "hotline:read"),
            "hotline-12345": (("hotline:intake", "hotline:read"), {"webhook_secret": WEBHOOK_SECRET}),
            "handler-gxj": (("hotline:handle", "hotline:read"), {"department": "GXJ"}),
            "handler-czj": (("hotline:handle", "hotline:read"), {"department": "CZJ"}),
        }
    )


@pytest.fixture(scope="session")
def hotline_database_url(pg_server_url: str) -> Iterator[str]:
    with service_database(pg_server_url, HOTLINE.name, HOTLINE.schema) as url:
        yield url


@pytest.fixture(scope="session")
async def hotline_engine(hotline_database_url: str):
    engine = create_engine(hotline_database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture
async def desk(
    registry_database_url, hotline_database_url, registry_engine, hotline_engine, keys, fresh_broker
) -> AsyncIterator[HotlinePlatform]:
    running = HotlinePlatform(
        registry_url=registry_database_url,
        hotline_url=hotline_database_url,
        registry_engine=registry_engine,
        hotline_engine=hotline_engine,
        bootstrap=fresh_broker.bootstrap_servers,
        keys=keys,
        clock=FixedClock(NOW),
    )
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


def arrears(serial: int, uscc: str | None, **more) -> dict:
    return {
        "external_id": f"12345-QY-20250901-{serial:06d}",
        "received_at": "2025-09-01T09:00:00+08:00",
        "channel": "phone",
        "enterprise_name": "呼和浩特跨服务示例企业",
        "contact_name": "李四",
        "contact_phone": "13912345678",
        "category": "arrears",
        "title": "反映某局拖欠设备款",
        "content": "设备验收合格已三个月，对方以资金未到位为由拒付。联系电话13912345678。",
        "buyer_code": "HS-JYJ-001",
        "contract_no": "HT-2025-0042",
        **({"uscc": uscc} if uscc else {}),
        **more,
    }


async def test_an_arrears_complaint_reaches_the_registrys_history_and_the_contract_payments_watch_reads(desk):
    uscc = await desk.register(1)
    await desk.wait_for(lambda: desk.hotline_knows(uscc), "the hotline's read model to have the enterprise")

    ticket = await desk.complain(arrears(1, uscc))
    assert (ticket["status"], ticket["department"]) == ("assigned", "GXJ")
    assert ticket["enterprise"]["match"] == "registered"
    assert (ticket["enterprise"]["registered_name"], ticket["enterprise"]["district_code"]) == (
        "呼和浩特跨服务示例企业1",
        "150105",
    )
    await desk.act(ticket["id"], "acknowledge")

    # The registry's history of the enterprise: the ticket's events, from the broker.
    async def three_lines():
        history = await desk.history(uscc, producer="hotline")
        return history if len(history) == 3 else None

    history = await desk.wait_for(three_lines, "three hotline lines in the registry's history")
    assert sorted(entry["event_type"] for entry in history) == [
        "hotline.ticket.acknowledged",
        "hotline.ticket.assigned",
        "hotline.ticket.received",
    ]
    received = next(e for e in history if e["event_type"] == "hotline.ticket.received")
    assert received["summary"] == "12345 ticket 12345-QY-20250901-000001 (arrears) received: 反映某局拖欠设备款"

    # payments-watch consumes `hotline.ticket.received` of category arrears with buyer_code (its service is
    # built on another branch): what travels on the topic is that contract, checked as its consumer does.
    await desk.wait_for(desk.all_sent, "the hotline's outbox sent")
    envelopes = await collect(desk.bootstrap, hotline_events.TOPIC, expected=3)
    [on_topic] = [e for e in envelopes if e.event_type == "hotline.ticket.received"]
    assert (on_topic.event_version, on_topic.producer, on_topic.key) == (1, "hotline", ticket["id"])
    payload = hotline_events.TICKET_RECEIVED.payload.model_validate(on_topic.payload)
    assert (payload.category, payload.buyer_code, payload.contract_no, payload.uscc) == (
        "arrears",
        "HS-JYJ-001",
        "HT-2025-0042",
        uscc,
    )
    raw = json.dumps([e.model_dump(mode="json") for e in envelopes], ensure_ascii=False)
    assert "13912345678" not in raw and "李四" not in raw and "拒付" not in raw  # no personal data, no text


async def test_an_overdue_payable_published_by_payments_watch_is_linked_to_the_complaint(desk):
    uscc = await desk.register(2)
    ticket = await desk.complain(arrears(2, uscc))
    payable_id = uuid.uuid4()
    overdue = make_envelope(
        payment_events.PAYABLE_BECAME_OVERDUE,
        key="HT-2025-0042",
        payload=payment_events.PayableOverdue(
            payable_id=payable_id,
            contract_no="HT-2025-0042",
            buyer_code="HS-JYJ-001",
            seller_uscc=uscc,
            amount=Decimal("250000.00"),
            outstanding=Decimal("250000.00"),
            due_on=date(2025, 7, 31),
            regulation_version="2025",
        ),
        producer="payments-watch",
        occurred_at=NOW,
    )
    await produce(desk.bootstrap, [overdue])  # as payments-watch's relay would, after the complaint

    async def linked():
        shown = await desk.ticket(ticket["id"])
        return shown["overdue_payables"] or None

    [payable] = await desk.wait_for(linked, "the payable linked to the arrears ticket")
    assert (payable["payable_id"], payable["outstanding"], payable["due_on"]) == (
        str(payable_id),
        "250000.00",
        "2025-07-31",
    )


async def test_a_complaint_from_an_enterprise_registered_later_is_matched_when_it_registers(desk):
    uscc = enterprise_body(3)["uscc"]
    ticket = await desk.complain(arrears(3, uscc))
    assert ticket["enterprise"]["match"] == "unregistered"  # kept, marked, routed all the same
    await desk.register(3)

    async def matched():
        return (await desk.ticket(ticket["id"]))["enterprise"]["match"] == "registered"

    await desk.wait_for(matched, "the ticket matched once the enterprise registered")
