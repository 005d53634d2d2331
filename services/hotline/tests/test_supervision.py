"""Supervision (督办, A14.2): the job marks each open deadline that has passed and publishes `supervised`
once per deadline, however often it runs and however many replicas run it at once; met or cancelled
deadlines are never supervised; a deadline waiting for a year's calendar is computed when it is known."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy import String, cast, distinct, func, literal_column, select, update

from zjtx.common.calendar import WorkingCalendar, load_calendar
from zjtx.common.clock import FixedClock
from zjtx.common.db import transaction
from zjtx.common.kit import create_app
from zjtx.common.kit.context import Context
from zjtx.common.reference import load_reference
from zjtx.common.testing.clients import asgi_client
from zjtx.common.testing.readers import audit_records, outbox_events
from zjtx.common.web.audit import Actor
from zjtx.hotline.deadline import service as supervision
from zjtx.hotline.deadline.models import TicketDeadline

from .flows import moved, new_ticket


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def run_job(client, keys) -> int:
    response = await client.post("/v1/admin/jobs/supervise-deadlines", headers=keys.headers("admin"))
    assert response.status_code == 200, response.text
    return response.json()["affected"]


def supervised_events(events) -> list[tuple[str, str, str]]:
    return [
        (e["key"], e["payload"]["deadline"], e["payload"]["due_at"])
        for e in events
        if e["event_type"] == "hotline.ticket.supervised"
    ]


def committing_client(app, keys, clock, committed, parameters):
    """A client of the service as the test's app is, but on sessions that commit: what one transaction
    writes, another sees (replicas at once, batches in turn)."""
    live = create_app(
        app.state.definition,
        app.state.settings,
        sessions=committed,
        clients=keys.store,
        clock=clock,
        parameters=parameters,
    )
    return asgi_client(live)


async def test_passed_deadlines_are_supervised_once(client, keys, clock, sessions):
    # Received Mon 2025-09-01 09:00: acknowledge by 24:00 Tue 09-02, reply by 24:00 Mon 09-08.
    late = await new_ticket(client, keys, 1)
    on_time = await new_ticket(client, keys, 2)
    await moved(client, keys, on_time["id"], "acknowledge")
    withdrawn = await new_ticket(client, keys, 3)
    await moved(client, keys, withdrawn["id"], "withdraw", {"reason": "撤回"})

    assert await run_job(client, keys) == 0  # 2025-09-01 10:00: nothing has passed

    clock.at = at("2025-09-03T00:00:00+08:00")  # the instant the acknowledge deadline ends: not passed yet
    assert await run_job(client, keys) == 0
    clock.at = at("2025-09-03T08:00:00+08:00")
    assert await run_job(client, keys) == 1  # `late`'s acknowledgement; on_time met it, withdrawn's are cancelled
    assert await run_job(client, keys) == 0  # once per deadline
    shown = (await client.get(f"/v1/tickets/{late['id']}", headers=keys.headers("admin"))).json()
    assert (shown["supervision_count"], shown["overdue"], shown["status"]) == (1, True, "assigned")
    assert shown["timeline"][-1]["verb"] == "supervised"
    assert shown["timeline"][-1]["actor"] == "admin"  # run now by the admin; the scheduler acts as system:<job>

    clock.at = at("2025-09-09T08:00:00+08:00")  # both reply deadlines passed (on_time acknowledged, not replied)
    assert await run_job(client, keys) == 2
    assert sorted(supervised_events(await outbox_events(sessions))) == sorted(
        [
            (late["id"], "acknowledge", "2025-09-03T00:00:00+08:00"),
            (late["id"], "reply", "2025-09-09T00:00:00+08:00"),
            (on_time["id"], "reply", "2025-09-09T00:00:00+08:00"),
        ]
    )
    assert len(await audit_records(sessions, action="ticket.supervised")) == 3
    # A late acknowledgement meets the deadline (late); it is not supervised again.
    acknowledged = await moved(client, keys, late["id"], "acknowledge")
    ack = next(d for d in acknowledged["deadline_details"] if d["kind"] == "acknowledge")
    assert (ack["end_reason"], ack["supervised_at"]) == ("met", "2025-09-03T08:00:00+08:00")
    assert await run_job(client, keys) == 0


async def test_replicas_running_the_job_at_once_supervise_each_deadline_once(
    client, keys, clock, committed, parameters, app
):
    # Tickets written through the API on sessions that commit, so that two transactions see them.
    async with committing_client(app, keys, clock, committed, parameters) as http:
        for serial in range(1, 41):
            await new_ticket(http, keys, serial)
    later = FixedClock(at("2025-09-03T08:00:00+08:00"))

    async def replica(name: str) -> int:
        async with transaction(committed) as session:
            ctx = Context(session, later, parameters, load_reference(), Actor(f"system:{name}"))
            return await supervision.supervise_deadlines(ctx)

    counts = await asyncio.gather(*(replica(f"replica-{n}") for n in range(3)))
    assert sum(counts) == 40  # each ticket's acknowledgement once, whichever replica took it
    events = supervised_events(await outbox_events(committed))
    assert len(events) == 40 and len(set(events)) == 40
    async with committed() as session:
        rows = (await session.scalars(select(TicketDeadline).where(TicketDeadline.supervised_at.is_not(None)))).all()
    assert len(rows) == 40 and {r.kind for r in rows} == {"acknowledge"}


async def test_the_job_commits_a_batch_at_a_time(keys, clock, committed, parameters, app, monkeypatch):
    # Seven tickets past their acknowledge deadline, batches of 3: three transactions (3 + 3 + 1), each
    # committed before the next, so that none holds every ticket's lock against the consumer; 7 in all.
    monkeypatch.setattr(supervision, "BATCH", 3)
    async with committing_client(app, keys, clock, committed, parameters) as http:
        for serial in range(1, 8):
            await new_ticket(http, keys, serial)
        clock.at = at("2025-09-03T08:00:00+08:00")
        assert await run_job(http, keys) == 7
        assert await run_job(http, keys) == 0
    async with committed() as session:
        supervised = select(func.count(distinct(cast(literal_column("xmin"), String)))).where(
            TicketDeadline.supervised_at.is_not(None)
        )
        assert await session.scalar(supervised) == 3  # the transactions that marked them


async def test_a_deadline_waiting_for_the_calendar_is_computed_once_the_year_is_known(
    client, keys, clock, sessions, parameters, monkeypatch
):
    # Received Monday 2026-12-28: the reply needs 5 working days, running into 2027 (not on record).
    clock.at = at("2026-12-28T10:00:00+08:00")
    ticket = await new_ticket(client, keys, 1, at=clock.at, received_at="2026-12-28T09:00:00+08:00")
    assert ticket["deadlines"]["acknowledge"] == "2026-12-30T00:00:00+08:00"
    assert ticket["deadlines"]["reply"] is None
    reply = next(d for d in ticket["deadline_details"] if d["kind"] == "reply")
    assert reply["unknown_reason"] == "calendar_not_known" and "2027" in reply["explanation"]["reasons"][0]

    # The State Council's notice for 2027 is published and shipped (here: 元旦 2027-01-01 off, nothing else).
    known = load_calendar()
    extended = WorkingCalendar(known.holidays | {datetime(2027, 1, 1).date()}, known.workdays, known.years | {2027})
    monkeypatch.setattr(supervision, "CALENDAR", extended)
    clock.at = at("2026-12-29T10:00:00+08:00")
    await run_job(client, keys)
    shown = (await client.get(f"/v1/tickets/{ticket['id']}", headers=keys.headers("admin"))).json()
    # 5 working days after Mon 12-28: 12-29, 12-30, 12-31, (01-01 off, 01-02 and 03 a weekend), Mon 01-04,
    # Tue 01-05 → ends 24:00 of 2027-01-05.
    assert shown["deadlines"]["reply"] == "2027-01-06T00:00:00+08:00"
    async with sessions() as session, session.begin():  # nothing else is waiting
        await session.execute(update(TicketDeadline).values(unknown_reason=None))
