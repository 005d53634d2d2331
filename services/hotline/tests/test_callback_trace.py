"""A callback to the 12345 system carries the W3C `traceparent` of the event it was made for, so that the
12345 side joins the event's trace, though the job that sends it runs later in a trace of its own. Traced
(the in-memory exporter), the call is a CLIENT span, child of the consumer's `process` span of the event;
untraced, the event's trace context is passed on as it came. Against a real HTTP receiver."""

from __future__ import annotations

import httpx
import pytest

from zjtx.common import tracing
from zjtx.common.kit.context import Context
from zjtx.common.messaging.envelope import Envelope
from zjtx.common.testing.readers import outbox_events
from zjtx.common.web.audit import Actor
from zjtx.hotline.callback import service as callbacks

from .flows import SECRET, new_ticket, signed, ticket_body
from .receiver import Receiver

CALLER = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def trace_id(traceparent: str) -> str:
    return traceparent.split("-")[1]


def span_id(traceparent: str) -> str:
    return traceparent.split("-")[2]


async def handle_own_events(sessions, handlers) -> list[Envelope]:
    """The service's consumer applying the events its outbox holds, as the broker brings them back."""
    envelopes = [Envelope.model_validate(body) for body in await outbox_events(sessions)]
    for envelope in envelopes:
        async with sessions() as session, session.begin():
            assert await handlers.apply(session, envelope)
    return envelopes


async def deliver_as_the_job(sessions, app, http: httpx.AsyncClient, target: callbacks.Target) -> int:
    """One run of `deliver-callbacks` as the process runs it: an act of its own (its own trace)."""
    state = app.state
    with tracing.acting("job deliver-callbacks"):
        async with sessions() as session, session.begin():
            ctx = Context(session, state.clock, state.parameters, state.reference, Actor("system:deliver-callbacks"))
            return await callbacks.deliver_due(ctx, http=http, target=target)


@pytest.fixture
def exporter():
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    tracing.enable(exporter, service_name="hotline")
    try:
        yield exporter
    finally:
        tracing.disable()


async def test_traced_a_callback_is_a_child_span_of_the_events_processing_and_sends_its_trace(
    exporter, client, keys, sessions, handlers, app, clock
):
    await new_ticket(client, keys, 11)
    events = await handle_own_events(sessions, handlers)
    assert [e.event_type for e in events] == ["hotline.ticket.received", "hotline.ticket.assigned"]
    async with Receiver(SECRET, clock) as receiver, httpx.AsyncClient(timeout=5) as http:
        target = callbacks.Target(url=receiver.url, secret=SECRET)
        assert [await deliver_as_the_job(sessions, app, http, target) for _ in range(2)] == [1, 1]

    spans = exporter.get_finished_spans()
    job_traces = {s.context.trace_id for s in spans if s.name == "job deliver-callbacks"}
    assert len(job_traces) == 2
    for event, arrival in zip(events, receiver.taken, strict=True):
        assert arrival.body["event_id"] == str(event.event_id)
        sent = arrival.headers["traceparent"]
        assert trace_id(sent) == trace_id(event.traceparent)  # the 12345 side joins the event's trace
        assert int(trace_id(sent), 16) not in job_traces  # not the job's, under which it was sent
        [call] = [s for s in spans if s.context.span_id == int(span_id(sent), 16)]
        [process] = [s for s in spans if s.attributes.get("messaging.message.id") == str(event.event_id)]
        assert (call.name, call.kind.name, call.attributes["http.response.status_code"]) == (
            "POST callback",
            "CLIENT",
            200,
        )
        assert process.name == f"process {event.event_type}"
        assert call.parent.span_id == process.context.span_id


async def test_untraced_a_callback_passes_the_events_trace_context_on_as_it_came(
    client, keys, sessions, handlers, app, clock
):
    assert not tracing.enabled()
    raw, headers = signed(ticket_body(12))
    # The 12345 system's own request carries its trace context: the ticket's events carry it on.
    response = await client.post(
        "/v1/tickets", content=raw, headers={**keys.headers("intake"), **headers, "traceparent": CALLER}
    )
    assert response.status_code == 201, response.text
    events = await handle_own_events(sessions, handlers)
    assert {e.traceparent for e in events} == {CALLER}
    async with Receiver(SECRET, clock) as receiver, httpx.AsyncClient(timeout=5) as http:
        target = callbacks.Target(url=receiver.url, secret=SECRET)
        assert await deliver_as_the_job(sessions, app, http, target) == 1
    [arrival] = receiver.taken
    assert arrival.headers.get("traceparent") == CALLER
    listed = await client.get("/v1/callbacks", headers=keys.headers("admin"))
    assert [c["traceparent"] for c in listed.json()["items"]] == [CALLER, CALLER]  # received, assigned
