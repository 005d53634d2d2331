"""Correlation and causation ids and the trace context of events (zjtx.common.tracing), without a broker."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from datetime import datetime

from pydantic import BaseModel

from zjtx.common import tracing
from zjtx.common.clock import CHINA
from zjtx.common.events import EventContract
from zjtx.common.messaging.envelope import Envelope, make_envelope
from zjtx.common.settings import ServiceSettings


class Tick(BaseModel):
    name: str


TICKED = EventContract("throwaway.tick.recorded", 1, Tick)
CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def _event(key: str, **ids) -> Envelope:
    return make_envelope(TICKED, key=key, payload=Tick(name=key), producer="t", occurred_at=datetime.now(CHINA), **ids)


def test_an_event_written_outside_any_request_or_event_has_no_ids():
    event = _event("a")
    assert (event.correlation_id, event.causation_id, event.traceparent) == (None, None, None)


def test_an_event_written_by_a_request_is_correlated_to_it_and_carries_the_callers_trace():
    request_id = str(uuid.uuid4())
    token = tracing.causes_var.set(tracing.request_causes(request_id, CALLER))
    try:
        event = _event("a")
    finally:
        tracing.causes_var.reset(token)
    assert (event.correlation_id, event.causation_id, event.traceparent) == (uuid.UUID(request_id), None, CALLER)


def test_an_event_written_while_applying_one_is_caused_by_it_and_keeps_its_correlation():
    request_id = uuid.uuid4()
    consumed = _event("a", correlation_id=request_id, traceparent=CALLER)
    with tracing.applying("c", [consumed]):
        published = _event("other-key")
    assert published.correlation_id == request_id
    assert published.causation_id == consumed.event_id
    assert published.traceparent == CALLER
    assert _event("b").causation_id is None  # outside the block, no cause again


def test_in_a_run_each_event_written_is_caused_by_the_consumed_event_of_its_key():
    first, second = _event("a", correlation_id=uuid.uuid4()), _event("b", correlation_id=uuid.uuid4())
    with tracing.applying("c", [first, second]):
        of_b, of_a, of_neither = _event("b"), _event("a"), _event("z")
    assert (of_a.causation_id, of_a.correlation_id) == (first.event_id, first.correlation_id)
    assert (of_b.causation_id, of_b.correlation_id) == (second.event_id, second.correlation_id)
    assert (of_neither.causation_id, of_neither.correlation_id) == (None, None)  # not guessed


def test_in_a_run_of_one_correlation_an_event_of_another_key_keeps_the_correlation_and_no_cause():
    shared = uuid.uuid4()
    first, again, other = (
        _event(key, correlation_id=shared, traceparent=f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-01")
        for key in ("a", "a", "b")
    )
    with tracing.applying("c", [first, again, other]):
        of_a, of_neither = _event("a"), _event("z")
        traceparents = [tracing.event_traceparent(e.event_id) for e in (first, other)]
    assert of_a.causation_id == first.event_id  # the run's first event of the key, as it always was
    assert (of_neither.causation_id, of_neither.correlation_id) == (None, shared)
    assert traceparents == [first.traceparent, other.traceparent] and None not in traceparents


def test_an_old_event_without_ids_starts_its_own_chain():
    old = _event("a")
    with tracing.applying("c", [old]):
        published = _event("a")
    assert (published.correlation_id, published.causation_id) == (old.event_id, old.event_id)


def test_an_envelope_written_before_traceparent_existed_is_still_read():
    old = (
        '{"event_id": "6f1c1f8e-3f7a-4d2b-9a57-2b0f4f8e9a11", "event_type": "throwaway.tick.recorded",'
        ' "event_version": 1, "occurred_at": "2025-09-01T10:00:00+08:00", "producer": "t", "key": "a",'
        ' "correlation_id": null, "causation_id": null, "payload": {"name": "a"}}'
    )
    envelope = Envelope.from_bytes(old.encode())
    assert envelope.traceparent is None
    again = Envelope.from_bytes(_event("a", traceparent=CALLER).to_bytes())
    assert again.traceparent == CALLER


def test_tracing_is_off_unless_an_endpoint_is_configured():
    assert tracing.configure(ServiceSettings()) is False
    assert not tracing.enabled()


def test_with_tracing_off_the_sdk_is_never_imported():
    """A service's app handling a request and writing events, in a fresh interpreter: OpenTelemetry's
    SDK and instrumentations are not even imported."""
    script = """
import sys, uuid
from datetime import datetime
from zjtx.common import tracing
from zjtx.common.clock import CHINA
from zjtx.common.kit.process import build_process
from zjtx.registry.definition import REGISTRY
build_process(REGISTRY, REGISTRY.settings_class()())
token = tracing.causes_var.set(tracing.request_causes(str(uuid.uuid4()), None))
from zjtx.common.events import registry as ev
loaded = sorted(m for m in sys.modules if m.startswith(("opentelemetry.sdk", "opentelemetry.instrumentation")))
print(loaded)
assert not loaded, loaded
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout


def test_with_tracing_off_the_ids_cost_next_to_nothing():
    """What finding the ids adds to writing an envelope, tracing off: printed beside the envelope's cost."""
    consumed = _event("a", correlation_id=uuid.uuid4())
    n = 20_000
    with tracing.applying("c", [consumed]):
        started = time.perf_counter()
        for _ in range(n):
            tracing.envelope_context("a", "throwaway.tick.recorded")
        lookup = (time.perf_counter() - started) / n
        started = time.perf_counter()
        for _ in range(n // 10):
            _event("a")
        envelope = (time.perf_counter() - started) / (n // 10)
    print(f"ids and trace context: {lookup * 1e9:.0f} ns per event; the whole envelope: {envelope * 1e9:.0f} ns")
    assert lookup < envelope / 5


def test_a_scheduled_jobs_run_is_an_act_of_its_own():
    with tracing.acting("job expire"):
        first, second = _event("a"), _event("b")
    with tracing.acting("job expire"):
        other_run = _event("a")
    assert first.correlation_id is not None and first.correlation_id == second.correlation_id
    assert first.causation_id is None
    assert other_run.correlation_id not in (None, first.correlation_id)


def test_traced_each_event_of_a_run_is_processed_under_its_own_span_and_causes_its_keys_events():
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    tracing.enable(exporter, service_name="test")
    try:
        with tracing.acting("job tick"):
            first, second = _event("a"), _event("b")
        with tracing.applying("c", [first, second]):
            of_b = _event("b")
    finally:
        tracing.disable()
    assert not tracing.enabled()
    spans = exporter.get_finished_spans()
    by_id = {span.context.span_id: span for span in spans}

    def created(event: Envelope):
        return by_id[int(event.traceparent.split("-")[2], 16)]

    (job,) = [s for s in spans if s.name == "job tick"]
    (process_b,) = [s for s in spans if s.attributes.get("messaging.message.id") == str(second.event_id)]
    assert created(first).parent.span_id == created(second).parent.span_id == job.context.span_id
    assert process_b.parent.span_id == created(second).context.span_id
    assert created(of_b).parent.span_id == process_b.context.span_id  # b's, though a's span is the current one
    assert {s.context.trace_id for s in spans} == {job.context.trace_id}
    assert (of_b.causation_id, of_b.correlation_id) == (second.event_id, second.correlation_id)


async def test_a_foreign_message_starts_a_chain_correlated_to_the_senders_own_id():
    from zjtx.common.messaging.foreign import FOREIGN_NAMESPACE, ForeignHandlers, ForeignMessage

    written: list[Envelope] = []

    async def apply(session, message) -> None:
        written.append(_event(message.body))

    handlers = ForeignHandlers(consumer="finance-bank", topic="bank.loan-events", read=None, apply=apply)
    message = ForeignMessage(source="ICBC", message_id="m-1", message_type="loan.repaid", body="L-1")
    await handlers.apply_claimed(None, message)
    await handlers.apply_claimed(None, message)  # the same message again (another route, a re-drive)
    expected = uuid.uuid5(FOREIGN_NAMESPACE, "ICBC\x1fm-1")
    assert [(e.correlation_id, e.causation_id) for e in written] == [(expected, None), (expected, None)]


def test_configured_with_an_otlp_endpoint_spans_are_exported_there():
    """OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on: spans are POSTed to <endpoint>/v1/traces."""
    import http.server
    import threading

    received: list[tuple[str, str, int]] = []

    class Collector(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            self.rfile.read(length)
            received.append((self.path, self.headers["Content-Type"], length))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = ServiceSettings(
            service_name="throwaway", otel_exporter_otlp_endpoint=f"http://127.0.0.1:{server.server_port}"
        )
        assert tracing.configure(settings) is True
        assert tracing.enabled()
        with tracing.acting("job tick"):
            event = _event("a")
        assert event.traceparent is not None
        assert tracing._state.provider.force_flush(10_000)
    finally:
        tracing.disable()
        server.shutdown()
    assert received and received[0][:2] == ("/v1/traces", "application/x-protobuf"), received
