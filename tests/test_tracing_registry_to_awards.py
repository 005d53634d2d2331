"""One business act followed across services: a recognition POSTed to the registry, the award computed
from it in awards, and that award's event back in the registry's history. Every event of the chain
carries the request's id as correlation id and the event it came from as causation id; traced with the
in-memory exporter, it is one trace whose parent links go request -> create -> process -> create ->
process. The trace is printed (shown by pytest when the test fails)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import select

from zjtx.common import tracing
from zjtx.common.clock import FixedClock
from zjtx.common.db import create_engine
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.waiting import eventually

from .conftest import NOW
from .harness import Platform

pytestmark = [pytest.mark.broker]


async def _bodies(sessions, event_type: str) -> list[dict]:
    async with sessions() as session:
        rows = await session.scalars(select(OutboxRow.body).where(OutboxRow.event_type == event_type))
        return [json.loads(body) for body in rows]


async def _grant(platform: Platform, serial: int) -> tuple[str, str]:
    """Register an enterprise and POST its recognition; (uscc, the recognition request's id)."""
    uscc = await platform.register(serial)
    body = {"tier": "municipal_zjtx", "document_no": "呼工信发〔2024〕37号", "recognized_on": "2024-06-18"}
    response = await platform.registry.post(
        f"/v1/enterprises/{uscc}/recognitions", json=body, headers=platform.keys.headers("platform")
    )
    assert response.status_code == 201, response.text
    return uscc, response.headers["x-request-id"]


async def _the_chain(platform: Platform, uscc: str) -> tuple[dict, dict]:
    """The registry's recognition.granted and awards' award.computed for `uscc`, once the computed one
    is back in the registry's history."""
    await eventually(lambda: platform.history(uscc, producer="awards"), what="the award in the registry's history")
    await platform.settle()
    granted = await _bodies(platform.registry_sessions, "registry.recognition.granted")
    computed = await _bodies(platform.awards_sessions, "awards.award.computed")
    (of_granted,) = [b for b in granted if b["key"] == uscc]
    (of_computed,) = [b for b in computed if b["key"] == uscc]
    return of_granted, of_computed


async def test_every_event_of_a_request_carries_its_id_and_the_event_it_came_from(platform: Platform):
    """Tracing off (the default): the ids still travel; no span is made."""
    assert not tracing.enabled()
    uscc, request_id = await _grant(platform, 11)
    granted, computed = await _the_chain(platform, uscc)

    assert granted["correlation_id"] == request_id  # the request's id, as the caller got it back
    assert granted["causation_id"] is None  # caused by a request, not an event
    assert computed["correlation_id"] == request_id  # carried on by awards' consumer
    assert computed["causation_id"] == granted["event_id"]  # the event that caused it
    assert granted["traceparent"] is None and computed["traceparent"] is None  # no caller trace, no tracing
    # Who acted: the data platform's client wrote the recognition; the award was the awards service's own
    # decision (its consumer), which no client made.
    assert (granted["actor"], computed["actor"]) == ("platform", None)

    history = await platform.history(uscc, producer="awards")
    assert [entry["event_id"] for entry in history] == [computed["event_id"]]
    assert [entry["actor"] for entry in history] == ["awards"]

    # Not one event of either service without a correlation id (the operator found 232 of 232).
    everything = [
        body
        for sessions in (platform.registry_sessions, platform.awards_sessions)
        for event_type in ("registry.enterprise.registered", "registry.recognition.granted", "awards.award.computed")
        for body in await _bodies(sessions, event_type)
    ]
    assert len(everything) == 3 and all(body["correlation_id"] for body in everything), everything


async def test_a_callers_traceparent_travels_along_the_chain_with_tracing_off(platform: Platform):
    caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    uscc = await platform.register(12)
    response = await platform.registry.post(
        f"/v1/enterprises/{uscc}/recognitions",
        json={"tier": "municipal_zjtx", "document_no": "呼工信发〔2024〕37号", "recognized_on": "2024-06-18"},
        headers={**platform.keys.headers("platform"), "traceparent": caller},
    )
    assert response.status_code == 201, response.text
    granted, computed = await _the_chain(platform, uscc)
    assert granted["traceparent"] == caller and computed["traceparent"] == caller


@pytest.fixture
async def traced(
    registry_database_url, awards_database_url, keys, fresh_broker
) -> AsyncIterator[tuple[Platform, InMemorySpanExporter]]:
    """Both services traced into one in-memory exporter, on engines made while tracing is on."""
    exporter = InMemorySpanExporter()
    tracing.enable(exporter, service_name="registry+awards")
    registry_engine = create_engine(registry_database_url, pool_size=2)
    awards_engine = create_engine(awards_database_url, pool_size=2)
    running = Platform(
        registry_url=registry_database_url,
        awards_url=awards_database_url,
        registry_engine=registry_engine,
        awards_engine=awards_engine,
        bootstrap=fresh_broker.bootstrap_servers,
        keys=keys,
        clock=FixedClock(NOW),
    )
    try:
        await running.start()
        yield running, exporter
    finally:
        try:
            await running.stop()
        finally:
            await registry_engine.dispose()
            await awards_engine.dispose()
            tracing.disable()


def _tree(spans, trace_id: int) -> str:
    """The spans of one trace as an indented tree, parents before children, in start order."""
    mine = sorted((s for s in spans if s.context.trace_id == trace_id), key=lambda s: s.start_time)
    ids = {s.context.span_id for s in mine}
    children: dict[int | None, list] = {}
    for span in mine:
        parent = span.parent.span_id if span.parent is not None and span.parent.span_id in ids else None
        children.setdefault(parent, []).append(span)
    lines = [f"trace {trace_id:032x}: {len(mine)} spans"]

    def walk(parent: int | None, depth: int) -> None:
        for span in children.get(parent, []):
            took = (span.end_time - span.start_time) / 1e6
            kind = span.kind.name.lower()
            lines.append(f"{'  ' * depth}{span.name} [{kind}] {span.context.span_id:016x} {took:.1f} ms")
            walk(span.context.span_id, depth + 1)

    walk(None, 1)
    return "\n".join(lines)


async def test_one_trace_from_the_recognition_posted_to_the_award_back_in_the_history(traced):
    platform, exporter = traced
    uscc, request_id = await _grant(platform, 13)
    granted, computed = await _the_chain(platform, uscc)

    spans = exporter.get_finished_spans()

    def named(name: str, **attributes: str) -> list:
        return [s for s in spans if s.name == name and all(s.attributes.get(k) == v for k, v in attributes.items())]

    def by_event(name: str, event_id: str):
        (span,) = named(name, **{"messaging.message.id": event_id})
        return span

    (server,) = [
        s
        for s in spans
        if s.kind.name == "SERVER" and s.attributes.get("http.route") == "/v1/enterprises/{uscc}/recognitions"
    ]
    trace_id = server.context.trace_id
    print(_tree(spans, trace_id))  # shown by pytest when an assertion below fails

    # The events carry the ids and the trace context of the chain.
    assert (granted["correlation_id"], computed["correlation_id"]) == (request_id, request_id)
    assert (granted["causation_id"], computed["causation_id"]) == (None, granted["event_id"])
    granted_context, computed_context = (uuid_parts(b["traceparent"]) for b in (granted, computed))
    assert granted_context[0] == computed_context[0] == f"{trace_id:032x}"

    # registry: the request writes recognition.granted (`create`, under the request's server span) ...
    (create_granted,) = [
        s for s in named("create registry.recognition.granted") if s.context.span_id == int(granted_context[1], 16)
    ]
    assert _parents(spans, create_granted)[-1] is server
    # ... the registry's relay sends it, awards processes it, both under its `create` span ...
    send_granted = by_event("send registry.recognition", granted["event_id"])
    process_granted = by_event("process registry.recognition.granted", granted["event_id"])
    assert send_granted.parent.span_id == create_granted.context.span_id
    assert process_granted.parent.span_id == create_granted.context.span_id
    assert process_granted.attributes["messaging.consumer.group.name"] == "awards"
    # ... whose statements are its children; it writes award.computed under its `process` span ...
    statements = [s for s in spans if s.parent is not None and s.parent.span_id == process_granted.context.span_id]
    assert any(s.attributes.get("db.system") == "postgresql" for s in statements), [s.name for s in statements]
    (create_computed,) = [
        s for s in named("create awards.award.computed") if s.context.span_id == int(computed_context[1], 16)
    ]
    assert create_computed.parent.span_id == process_granted.context.span_id
    # ... which awards' relay sends and the registry processes into the enterprise's history.
    send_computed = by_event("send awards.award", computed["event_id"])
    process_computed = by_event("process awards.award.computed", computed["event_id"])
    assert send_computed.parent.span_id == create_computed.context.span_id
    assert process_computed.parent.span_id == create_computed.context.span_id
    assert process_computed.attributes["messaging.consumer.group.name"] == "registry"

    chain = [server, create_granted, process_granted, create_computed, process_computed, send_granted, send_computed]
    assert {s.context.trace_id for s in chain} == {trace_id}  # one trace, REST call to history
    assert _parents(spans, process_computed)[-1] is server  # the history entry's span leads back to the POST


def uuid_parts(traceparent: str | None) -> tuple[str, str]:
    assert traceparent, "the event has no traceparent"
    version, trace_id, span_id, _ = traceparent.split("-")
    assert version == "00" and uuid.UUID(trace_id)  # 32 hex digits
    return trace_id, span_id


def _parents(spans, span) -> list:
    """The span's ancestors among `spans`, nearest first."""
    by_id = {s.context.span_id: s for s in spans}
    found = []
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        found.append(span)
    return found
