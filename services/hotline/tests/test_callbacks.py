"""Callbacks to the 12345 system against a real HTTP receiver started by the test, which verifies each
signature: every ticket event becomes one callback (the service's own consumer), delivered in order per
ticket; refused, it is retried after its back-off and then delivered; refused every time, it is parked
as failed (a dead letter), listed, re-driven and delivered. A request never waits on the receiver: the
last test runs the relay, the broker, the consumer and the job, as the process does."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from pydantic import SecretStr

from zjtx.common.kit import create_app
from zjtx.common.kit.context import Context
from zjtx.common.messaging.consumer import EventConsumer
from zjtx.common.messaging.envelope import Envelope
from zjtx.common.testing.broker import FAST_GROUP, make_relay
from zjtx.common.testing.clients import asgi_client
from zjtx.common.testing.readers import audit_records, count_rows, outbox_events
from zjtx.common.testing.waiting import eventually
from zjtx.common.web.audit import Actor
from zjtx.hotline.callback import service as callbacks
from zjtx.hotline.callback.models import Callback

from .flows import SECRET, moved, new_ticket
from .receiver import Receiver

REPLY = {"text": "已协调付款单位本周内支付。", "resolved": True}


async def feed_own_events(sessions, handlers) -> int:
    """What the service's consumer does with its own outbox's events once the broker brings them back."""
    applied = 0
    for body in await outbox_events(sessions):
        async with sessions() as session, session.begin():
            applied += await handlers.apply(session, Envelope.model_validate(body))
    return applied


async def deliver(sessions, app, http: httpx.AsyncClient, target: callbacks.Target) -> int:
    """One run of the delivery job, with the test's HTTP client and target."""
    state = app.state
    async with sessions() as session, session.begin():
        ctx = Context(session, state.clock, state.parameters, state.reference, Actor("system:deliver-callbacks"))
        return await callbacks.deliver_due(ctx, http=http, target=target)


async def listed(client, keys, **params) -> list[dict]:
    response = await client.get("/v1/callbacks", params=params, headers=keys.headers("admin"))
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_each_event_becomes_one_signed_callback_delivered_in_order(client, keys, sessions, handlers, app, clock):
    ticket = await new_ticket(client, keys, 1, category="arrears", buyer_code="HS-JYJ-001", contract_no="HT-1")
    await moved(client, keys, ticket["id"], "acknowledge")
    await moved(client, keys, ticket["id"], "reply", REPLY)
    assert await feed_own_events(sessions, handlers) == 4
    assert await feed_own_events(sessions, handlers) == 0  # redelivered: the inbox and the event id say seen
    assert await count_rows(sessions, Callback) == (4,)

    async with Receiver(SECRET, clock) as receiver, httpx.AsyncClient(timeout=5) as http:
        target = callbacks.Target(url=receiver.url, secret=SECRET)
        # One per ticket per run: the next waits for the one before it.
        assert [await deliver(sessions, app, http, target) for _ in range(5)] == [1, 1, 1, 1, 0]
    assert all(arrival.signed for arrival in receiver.arrivals)
    bodies = [arrival.body for arrival in receiver.taken]
    assert [b["event_type"].rsplit(".", 1)[1] for b in bodies] == ["received", "assigned", "acknowledged", "replied"]
    assert [b["sequence"] for b in bodies] == [1, 2, 3, 4]
    assert bodies[0]["ticket"]["external_id"] == ticket["external_id"]
    assert bodies[0]["ticket"]["buyer_code"] == "HS-JYJ-001"
    assert bodies[3]["reply"] == {"text": REPLY["text"], "resolved": True}
    assert "13812341234" not in str(bodies) and "王小明" not in str(bodies)
    assert receiver.arrivals[0].headers["x-zjtx-event-id"] == bodies[0]["event_id"]
    assert {c["status"] for c in await listed(client, keys)} == {"delivered"}


async def test_a_refused_callback_is_retried_after_its_back_off_then_delivered(
    client, keys, sessions, handlers, app, clock
):
    await new_ticket(client, keys, 2)
    await feed_own_events(sessions, handlers)
    async with Receiver(SECRET, clock, script=[503, 503]) as receiver, httpx.AsyncClient(timeout=5) as http:
        target = callbacks.Target(url=receiver.url, secret=SECRET, backoff_base_seconds=30, backoff_max_seconds=600)
        assert await deliver(sessions, app, http, target) == 1  # `received`: 503
        [first, waiting] = await listed(client, keys)
        assert (first["status"], first["attempts"], first["last_status_code"]) == ("pending", 1, 503)
        assert first["last_error"].startswith("HTTP 503")
        # Back-off 30 s × 2^(1−1) from 10:00:00; `assigned` waits behind it.
        assert first["next_attempt_at"] == "2025-09-01T10:00:30+08:00"
        assert waiting["attempts"] == 0
        assert await deliver(sessions, app, http, target) == 0  # not due yet

        clock.at += timedelta(seconds=30)
        assert await deliver(sessions, app, http, target) == 1  # 503 again: 60 s now
        assert (await listed(client, keys))[0]["next_attempt_at"] == "2025-09-01T10:01:30+08:00"
        clock.at += timedelta(seconds=60)
        assert await deliver(sessions, app, http, target) == 1  # taken
        assert await deliver(sessions, app, http, target) == 1  # then `assigned`
    assert [a.status for a in receiver.arrivals] == [503, 503, 200, 200]
    first, second = await listed(client, keys)
    assert (first["status"], first["attempts"], first["delivered_at"]) == ("delivered", 3, "2025-09-01T10:01:30+08:00")
    assert second["status"] == "delivered"


async def test_a_callback_refused_every_time_is_dead_lettered_then_re_driven(
    client, keys, sessions, handlers, app, clock
):
    await new_ticket(client, keys, 3)
    await feed_own_events(sessions, handlers)
    async with Receiver(SECRET, clock, script=[500] * 3) as receiver, httpx.AsyncClient(timeout=5) as http:
        target = callbacks.Target(url=receiver.url, secret=SECRET, max_attempts=3, backoff_base_seconds=1)
        for _ in range(3):
            assert await deliver(sessions, app, http, target) == 1
            clock.at += timedelta(seconds=10)
        failed = await listed(client, keys, status="failed")
        assert [(c["event_type"], c["attempts"]) for c in failed] == [("hotline.ticket.received", 3)]
        assert failed[0]["last_status_code"] == 500 and failed[0]["failed_at"]
        assert [r.action for r in await audit_records(sessions, entity_id=failed[0]["id"])] == ["callback.failed"]
        # A dead letter no longer holds the ticket's later callbacks back: `assigned` goes out.
        assert await deliver(sessions, app, http, target) == 1
        assert [a.body["event_type"] for a in receiver.taken] == ["hotline.ticket.assigned"]

        not_failed = await client.post(f"/v1/callbacks/{failed[0]['id']}/redrive", headers=keys.headers("reader"))
        assert not_failed.status_code == 403
        redriven = await client.post(f"/v1/callbacks/{failed[0]['id']}/redrive", headers=keys.headers("admin"))
        assert redriven.status_code == 200, redriven.text
        assert (redriven.json()["status"], redriven.json()["attempts"], redriven.json()["redriven_count"]) == (
            "pending",
            0,
            1,
        )
        assert await deliver(sessions, app, http, target) == 1
    assert receiver.taken[-1].body["event_type"] == "hotline.ticket.received"
    assert receiver.taken[-1].body["sequence"] == 1  # older than `assigned` (2): the receiver can tell
    assert await listed(client, keys, status="failed") == []
    again = await client.post(f"/v1/callbacks/{failed[0]['id']}/redrive", headers=keys.headers("admin"))
    assert (again.status_code, again.json()["code"]) == (409, "callback_not_failed")


async def test_an_unreachable_receiver_counts_as_a_failed_try(client, keys, sessions, handlers, app, clock):
    await new_ticket(client, keys, 4)
    await feed_own_events(sessions, handlers)
    async with Receiver(SECRET, clock) as closed:
        url = closed.url  # a port nobody listens on once the receiver stops
    async with httpx.AsyncClient(timeout=2) as http:
        assert await deliver(sessions, app, http, callbacks.Target(url=url, secret=SECRET)) == 1
    first = (await listed(client, keys))[0]
    assert (first["status"], first["attempts"], first["last_status_code"]) == ("pending", 1, None)
    assert "ConnectError" in first["last_error"]


async def test_the_job_uses_the_configured_url_and_signs_with_the_12345_secret(
    client, keys, sessions, handlers, app, clock, settings, parameters
):
    await new_ticket(client, keys, 5)
    await feed_own_events(sessions, handlers)
    unset = await client.post("/v1/admin/jobs/deliver-callbacks", headers=keys.headers("admin"))
    assert unset.json()["affected"] == 0  # no CALLBACK_URL: the callbacks wait, none is lost
    assert {c["status"] for c in await listed(client, keys)} == {"pending"}
    async with Receiver(SECRET, clock) as receiver:
        configured = settings.model_copy(update={"callback_url": receiver.url, "callback_secret": SecretStr(SECRET)})
        with_url = create_app(
            app.state.definition, configured, sessions=sessions, clients=keys.store, clock=clock, parameters=parameters
        )
        async with asgi_client(with_url) as http:
            response = await http.post("/v1/admin/jobs/deliver-callbacks", headers=keys.headers("admin"))
            assert response.json()["affected"] == 1
    assert [a.signed for a in receiver.arrivals] == [True]


@pytest.mark.broker
async def test_a_status_change_reaches_the_12345_system_without_the_request_waiting(
    keys, committed, fresh_broker, clock, parameters, app, settings
):
    """The whole path as the process runs it: API → outbox → relay → broker → the hotline's own consumer →
    callback row → the delivery job → the receiver. The receiver is down while the ticket is taken: the
    request is answered all the same."""
    bootstrap = fresh_broker.bootstrap_servers
    receiver = Receiver(SECRET, clock)  # its port chosen, nobody listening on it yet
    configured = settings.model_copy(
        update={
            "callback_url": receiver.url,
            "callback_secret": SecretStr(SECRET),
            "kafka_bootstrap_servers": bootstrap,
        }
    )
    live = create_app(
        app.state.definition, configured, sessions=committed, clients=keys.store, clock=clock, parameters=parameters
    )
    stop = asyncio.Event()
    relay = make_relay(committed, bootstrap)
    consumer = EventConsumer(
        handlers=live.state.event_handlers,
        sessions=committed,
        bootstrap_servers=bootstrap,
        max_attempts=3,
        retry_base_seconds=0.05,
        group_timing=FAST_GROUP,
    )
    tasks = [asyncio.create_task(relay.run(stop))]
    try:
        async with asgi_client(live) as http:
            ticket = await new_ticket(http, keys, 6)  # the 12345 system is down: answered all the same
            await consumer.start()
            tasks.append(asyncio.create_task(consumer.run(stop)))

            async def made() -> bool:
                return (await count_rows(committed, Callback)) == (2,)

            await eventually(made, what="two callbacks made from the ticket's events")
            async with receiver:

                async def delivered() -> list:
                    await http.post("/v1/admin/jobs/deliver-callbacks", headers=keys.headers("admin"))
                    return receiver.taken if len(receiver.taken) == 2 else []

                taken = await eventually(delivered, what="both callbacks delivered")
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await consumer.stop()
    assert [a.body["event_type"] for a in taken] == ["hotline.ticket.received", "hotline.ticket.assigned"]
    assert taken[0].body["ticket"]["ticket_id"] == ticket["id"]
    assert all(a.signed for a in taken)


def test_the_target_signs_with_the_12345_clients_webhook_secret_unless_one_is_given(tmp_path, settings):
    from zjtx.common.web.auth import write_clients_file

    clients = tmp_path / "api-clients.json"
    write_clients_file(
        clients, {"hotline-12345": {"key": "k", "scopes": ["hotline:intake"], "attributes": {"webhook_secret": "s1"}}}
    )
    assert callbacks.target_from(settings) is None  # no CALLBACK_URL: callbacks wait
    configured = settings.model_copy(update={"callback_url": "https://12345.example/cb", "api_clients_file": clients})
    assert callbacks.target_from(configured).secret == "s1"
    given = configured.model_copy(update={"callback_secret": SecretStr("s2")})
    assert callbacks.target_from(given).secret == "s2"
    nobody = configured.model_copy(update={"callback_client": "someone-else"})
    assert callbacks.target_from(nobody) is None  # nothing to sign with: wait rather than send unsigned
    # Back-off: base × 2^(n−1), capped.
    target = callbacks.Target(url="https://x", secret="s", backoff_base_seconds=30, backoff_max_seconds=100)
    assert [target.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_production_refuses_a_callback_url_without_tls():
    from zjtx.common.settings import UnsafeSettings
    from zjtx.hotline.settings import HotlineSettings

    production = {"environment": "production", "api_clients_file": "/etc/c.json", "metrics_port": 9464}
    with pytest.raises(UnsafeSettings, match="not https"):
        HotlineSettings(**production, callback_url="http://12345.local/cb")
    assert HotlineSettings(**production, callback_url="https://12345/cb")
