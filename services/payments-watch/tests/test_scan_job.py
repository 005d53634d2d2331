"""The daily scan (`POST /v1/admin/jobs/scan-overdue?as_of=`): `became_overdue` once per payable, the
database selecting what fell due; safe when two scans run at once (committed sessions, two
transactions); a day after today refused; audited."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest
from sqlalchemy import select, update

from zjtx.common.clock import CHINA, FixedClock
from zjtx.common.db import transaction
from zjtx.common.events import payments as payment_events
from zjtx.common.kit import create_app
from zjtx.common.kit.context import Context
from zjtx.common.testing.clients import asgi_client
from zjtx.common.testing.readers import audit_records, outbox_events
from zjtx.common.web.audit import Actor
from zjtx.payments_watch.contract.models import Contract, Payable
from zjtx.payments_watch.scan.service import publish_overdue, scan_overdue

from . import world

SCAN = "/v1/admin/jobs/scan-overdue"


async def scan(client, keys, as_of: str | None = None):
    response = await client.post(SCAN, params={"as_of": as_of} if as_of else {}, headers=keys.headers("admin"))
    assert response.status_code == 200, response.text
    return response.json()["affected"]


async def three_payables(client, keys, sessions, handlers) -> None:
    """Due 2025-07-31 (delivered 07-01), 2025-08-27 (07-28) and 2025-09-03 (08-04); 2025-09-01 is today."""
    seller = await world.seller(sessions, handlers, 1)
    organ = await world.buyer(client, keys, 1)
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="SC-1")
    for day in ("2025-07-01", "2025-07-28", "2025-08-04"):
        await world.post(client, keys, "/v1/contracts/SC-1/deliveries", {"delivered_on": day, "amount": "10000.00"})


async def test_each_overdue_payable_is_published_once(client, keys, sessions, handlers):
    await three_payables(client, keys, sessions, handlers)
    # As of 2025-08-15 only the first (due 07-31) had fallen overdue.
    await scan(client, keys, "2025-08-15")
    overdue = await outbox_events(sessions, payment_events.PAYABLE_BECAME_OVERDUE)
    assert [e["payload"]["due_on"] for e in overdue] == ["2025-07-31"]
    # Today (2025-09-01) the second too; the first is not published again, the third is not due.
    await scan(client, keys)
    await scan(client, keys)
    overdue = await outbox_events(sessions, payment_events.PAYABLE_BECAME_OVERDUE)
    assert [(e["payload"]["due_on"], e["payload"]["outstanding"]) for e in overdue] == [
        ("2025-07-31", "10000.00"),
        ("2025-08-27", "10000.00"),
    ]
    assert {e["key"] for e in overdue} == {"SC-1"}
    assert overdue[0]["payload"]["regulation_version"] == "2025"
    audits = await audit_records(sessions, action="payable.became_overdue")
    assert len(audits) == 2 and {a.actor for a in audits} == {"admin"}


async def test_a_payable_paid_in_full_on_time_never_becomes_overdue(client, keys, sessions, handlers):
    await three_payables(client, keys, sessions, handlers)
    await world.post(
        client, keys, "/v1/contracts/SC-1/payments", {"paid_on": "2025-07-31", "amount": "10000.00", "reference": "P"}
    )
    await scan(client, keys)
    overdue = await outbox_events(sessions, payment_events.PAYABLE_BECAME_OVERDUE)
    assert [e["payload"]["due_on"] for e in overdue] == ["2025-08-27"]


async def test_a_day_after_today_is_refused(client, keys):
    response = await client.post(SCAN, params={"as_of": "2025-09-02"}, headers=keys.headers("admin"))
    assert (response.status_code, response.json()["code"]) == (422, "date_in_future")
    assert (await client.post(SCAN, params={"as_of": "2025-02-30"}, headers=keys.headers("admin"))).status_code == 422
    # A day long before anything (and before the A10.5 score applies) is no error: nothing to do; a day
    # before the platform's calendar (1949-10-01) is refused.
    assert await scan(client, keys, "1950-01-01") == 0
    early = await client.post(SCAN, params={"as_of": "0001-01-01"}, headers=keys.headers("admin"))
    assert (early.status_code, early.json()["code"]) == (422, "validation_failed")
    assert (await client.post(SCAN, headers=keys.headers("platform"))).status_code == 403


@pytest.fixture
async def committed_client(service_definition, settings, committed, keys, clock, parameters):
    app = create_app(
        service_definition, settings, sessions=committed, clients=keys.store, clock=clock, parameters=parameters
    )
    async with asgi_client(app) as http:
        yield http


async def test_two_scans_at_once_publish_each_payable_once(committed_client, committed, keys, handlers, parameters):
    await three_payables(committed_client, keys, committed, handlers)
    clock = FixedClock(datetime(2025, 9, 1, 10, 0, tzinfo=CHINA))

    async def replica(name: str) -> int:
        async with transaction(committed) as session:
            ctx = Context(session=session, clock=clock, parameters=parameters, reference=None, actor=Actor(name))
            return await scan_overdue(ctx)

    results = await asyncio.gather(replica("system:scan-a"), replica("system:scan-b"))
    overdue = await outbox_events(committed, payment_events.PAYABLE_BECAME_OVERDUE)
    assert sorted(e["payload"]["due_on"] for e in overdue) == ["2025-07-31", "2025-08-27"]
    assert sum(results) == 2  # whichever replica took which, two events in all (no risk level moved)


async def test_the_scan_goes_through_the_payables_a_batch_at_a_time(
    client, keys, sessions, handlers, parameters, clock
):
    """Batches of one: each next batch starts after the last key of the one before, none twice."""
    await three_payables(client, keys, sessions, handlers)
    await world.post(client, keys, "/v1/contracts/SC-1/deliveries", {"delivered_on": "2025-07-02", "amount": "10.00"})
    async with sessions() as session, session.begin():
        ctx = Context(session=session, clock=clock, parameters=parameters, reference=None, actor=Actor("system:test"))
        assert await publish_overdue(ctx, datetime(2025, 9, 1).date(), batch=1) == 3
    overdue = await outbox_events(sessions, payment_events.PAYABLE_BECAME_OVERDUE)
    # Due 2025-07-31, 2025-08-01 (07-02 + 30) and 2025-08-27, in the order they fell overdue.
    assert [e["payload"]["due_on"] for e in overdue] == ["2025-07-31", "2025-08-01", "2025-08-27"]


async def test_the_scan_rereads_what_waited_for_a_calendar_or_was_read_with_other_parameters(
    client, keys, sessions, handlers
):
    await three_payables(client, keys, sessions, handlers)
    async with sessions() as session, session.begin():
        contract_id = await session.scalar(select(Contract.id).where(Contract.contract_no == "SC-1"))
        # As a release with other parameters, or a due date kept unmoved before its year's notice, leaves them.
        await session.execute(update(Contract).where(Contract.id == contract_id).values(parameters_version="old"))
        await session.execute(
            update(Payable)
            .where(Payable.contract_id == contract_id, Payable.basis_on == date(2025, 7, 1))
            .values(due_on=date(2025, 7, 31), due_on_provisional=True, overdue_from=None)
        )
    await scan(client, keys)
    async with sessions() as session:
        contract = await session.scalar(select(Contract).where(Contract.id == contract_id))
        first = await session.scalar(
            select(Payable).where(Payable.contract_id == contract_id, Payable.basis_on == date(2025, 7, 1))
        )
    assert contract.parameters_version != "old"
    # 2025's notice is on record: read again, not provisional, overdue from 2025-08-01 and published.
    assert (first.due_on_provisional, first.overdue_from, first.overdue_notified_on) == (
        False,
        date(2025, 8, 1),
        date(2025, 9, 1),
    )
