"""Following one business act across services: correlation and causation ids and the W3C trace context
of every event, and OpenTelemetry tracing when it is configured (DESIGN: "Envelope").

What causes the events being written is kept in a context variable, set by the request middleware (the
request: its id is the correlation id) and by the consumer (the event being applied: its id is the
causation id, its correlation id carried on). `make_envelope` reads it, so a use case publishes with the
right ids without passing them.

Tracing is off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set (or a test calls `enable`): OpenTelemetry's SDK
is then not even imported, no span is made, and the envelope carries the caller's `traceparent` on as it
came (so logs still show one trace id along the chain). On, one trace covers the REST call (FastAPI's and
SQLAlchemy's instrumentations), the writing of each event (a `create` span whose context goes into the
envelope), the relay's `send` of it and each consumer's `process` of it, whose spans are children of that
`create` span, and the events they publish in turn. The trace context travels in the envelope rather than
in Kafka headers: it is fixed when the event is written, in the writer's transaction, and survives the
outbox and a re-drive from the dead letters."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zjtx.common.logs import log_context, trace_id_from_traceparent

# No import of the web framework or the database here, not even for types: use cases and rules import
# the envelope, which imports this (the import contracts).
if TYPE_CHECKING:
    from zjtx.common.messaging.envelope import Envelope
    from zjtx.common.settings import ServiceSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Cause:
    """What the events written now are caused by: a request (no event id) or an event being applied."""

    correlation_id: uuid.UUID | None
    event_id: uuid.UUID | None = None
    key: str | None = None
    traceparent: str | None = None  # the context events written under this cause continue
    span: Any = None  # the OpenTelemetry span applying the event, when tracing


causes_var: ContextVar[tuple[Cause, ...]] = ContextVar("zjtx_causes", default=())


class _Run(tuple):
    """The causes of a run of events a consumer applies together, indexed by key and by event id: each
    event the run writes finds its cause in one step, where a search would take a step per cause (a
    batch of 500 events writing 500 events: 125,000 steps)."""

    def __new__(cls, causes: Sequence[Cause]) -> _Run:
        run = super().__new__(cls, causes)
        run.by_key = {}
        for cause in causes:
            run.by_key.setdefault(cause.key, cause)  # the first of a key, as a search would find it
        run.by_event = {cause.event_id: cause for cause in reversed(causes)}
        # For an event of none of the run's keys: their correlation, when they share one.
        shared = bool(causes) and all(c.correlation_id == causes[0].correlation_id for c in causes)
        run.shared = Cause(correlation_id=causes[0].correlation_id) if shared else None
        return run


class _State:
    tracer: Any = None  # an OpenTelemetry Tracer while tracing is on
    provider: Any = None
    instrumented_sqlalchemy: bool = False


_state = _State()


def enabled() -> bool:
    return _state.tracer is not None


# -- the causes -----------------------------------------------------------------------------------


def request_causes(request_id: str, traceparent: str | None) -> tuple[Cause, ...]:
    """What `causes_var` holds while a request is handled (the request middleware sets it): events
    written are correlated to the request; the caller's `traceparent` (a valid one) is carried on."""
    return (Cause(correlation_id=_as_uuid(request_id), traceparent=traceparent),)


@contextmanager
def applying(consumer: str, envelopes: Sequence[Envelope]) -> Iterator[None]:
    """Within the block a consumer applies these events (a run of them, distinct keys, in order): the
    events it writes have the one they come from as cause (matched by key in a run of several) and its
    correlation id; when tracing, each is applied under a `process` span, child of the event's context."""
    spans: list[Any] = []
    causes: list[Cause] = []
    for envelope in envelopes:
        correlation = envelope.correlation_id or envelope.event_id  # an old event starts its own chain
        traceparent, span = envelope.traceparent, None
        if _state.tracer is not None:
            span = _start_process_span(consumer, envelope)
            spans.append(span)
            traceparent = _traceparent_of(span)
        causes.append(Cause(correlation, envelope.event_id, envelope.key, traceparent, span))
    token = causes_var.set(_Run(causes))
    first = causes[0] if causes else None
    logged = log_context(
        correlation_id=str(first.correlation_id) if first is not None else None,
        trace_id=trace_id_from_traceparent(first.traceparent) if first is not None else None,
    )
    if not spans:
        try:
            with logged:
                yield
        finally:
            causes_var.reset(token)
        return
    from opentelemetry import trace

    # The statements of a run belong to its first event's span (they are shared by the run).
    try:
        with logged, trace.use_span(spans[0], record_exception=False, set_status_on_exception=False):
            yield
    except BaseException as exc:
        for span in spans:
            span.record_exception(exc)
            span.set_status(trace.Status(trace.StatusCode.ERROR, repr(exc)))
        raise
    finally:
        causes_var.reset(token)
        for span in spans:
            span.end()


@contextmanager
def acting(name: str, correlation_id: uuid.UUID | None = None, **attributes: str) -> Iterator[None]:
    """Within the block a business act starts that no request or event of ours caused (a scheduled
    job's run, a bank's message): a correlation id of its own (new unless given) for what it writes and
    logs; when tracing, a span of its own."""
    correlation = correlation_id or uuid.uuid4()
    span = None
    if _state.tracer is not None:
        span = _state.tracer.start_span(name, attributes=attributes)
    traceparent = _traceparent_of(span) if span is not None else None
    token = causes_var.set((Cause(correlation_id=correlation, traceparent=traceparent, span=span),))
    try:
        with log_context(correlation_id=str(correlation), trace_id=trace_id_from_traceparent(traceparent)):
            if span is None:
                yield
            else:
                from opentelemetry import trace

                with trace.use_span(span, end_on_exit=True):
                    yield
    finally:
        causes_var.reset(token)


def event_traceparent(event_id: uuid.UUID) -> str | None:
    """The trace context the event `event_id` is being applied under (within `applying`): its `process`
    span's when tracing, else its envelope's as it came; None outside. Kept by what is done for the event
    later, outside the consumer (an HTTP call a job makes), so that it joins the event's trace."""
    causes = causes_var.get()
    if isinstance(causes, _Run):
        cause = causes.by_event.get(event_id)
        return cause.traceparent if cause is not None else None
    return next((cause.traceparent for cause in causes if cause.event_id == event_id), None)


@contextmanager
def calling(
    name: str, traceparent: str | None, headers: dict[str, str], **attributes: str
) -> Iterator[Callable[[int | None, str | None], None]]:
    """Within the block an HTTP call to another system is made, for what `traceparent` traced (None: for
    what is being done now). Its W3C `traceparent` header goes into `headers`, so that the other side can
    join the trace: when tracing, the call is a CLIENT span, child of `traceparent` (else of the current
    span), and the header is that span's (the propagator's `inject`); off, `traceparent` is passed on as
    it is. Yields `answered(status_code, error)`, to record how the call went."""
    if _state.tracer is None:
        if traceparent:
            headers["traceparent"] = traceparent
        yield lambda status_code, error: None
        return
    from opentelemetry import trace
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    span = _state.tracer.start_span(
        name, context=_context_of(traceparent), kind=trace.SpanKind.CLIENT, attributes=attributes
    )
    TraceContextTextMapPropagator().inject(headers, context=trace.set_span_in_context(span))

    def answered(status_code: int | None, error: str | None) -> None:
        if status_code is not None:
            span.set_attribute("http.response.status_code", status_code)
        if error is not None:
            span.set_status(trace.Status(trace.StatusCode.ERROR, error))

    with trace.use_span(span, end_on_exit=True):
        yield answered


def current_correlation_id() -> uuid.UUID | None:
    causes = causes_var.get()
    return causes[0].correlation_id if causes else None


def envelope_context(key: str, event_type: str) -> tuple[uuid.UUID | None, uuid.UUID | None, str | None]:
    """(correlation_id, causation_id, traceparent) of an event written now, for the aggregate `key`."""
    cause = _cause_for(key)
    correlation = cause.correlation_id if cause is not None else None
    causation = cause.event_id if cause is not None else None
    if _state.tracer is None:
        return correlation, causation, cause.traceparent if cause is not None else None
    return correlation, causation, _create_span(event_type, key, cause)


def _cause_for(key: str) -> Cause | None:
    causes = causes_var.get()
    if len(causes) == 1:
        return causes[0]
    if isinstance(causes, _Run):  # a run: the event of the same aggregate, else their shared correlation
        return causes.by_key.get(key, causes.shared)
    return None  # neither a request nor an event being applied


# -- tracing --------------------------------------------------------------------------------------


def configure(settings: ServiceSettings) -> bool:
    """Turn tracing on for this process when the settings name an OTLP endpoint; whether it is on."""
    endpoint = getattr(settings, "otel_exporter_otlp_endpoint", None)
    if not endpoint:
        return False
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    url = endpoint.rstrip("/")
    if not url.endswith("/v1/traces"):
        url += "/v1/traces"
    enable(OTLPSpanExporter(endpoint=url), service_name=settings.service_name, batch=True)
    log.info("tracing to %s", url)
    return True


def enable(exporter: Any, *, service_name: str = "zjtx", batch: bool = False) -> Any:
    """Trace into `exporter` (OTLP in production, the in-memory exporter in tests); the provider."""
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter))
    _state.provider = provider
    _state.tracer = provider.get_tracer("zjtx.common")
    if not _state.instrumented_sqlalchemy:
        # Engines created from now on (zjtx.common.db.create_engine) trace their statements. Its release
        # for api 1.45.2 declares SQLAlchemy < 2.1 and would instrument nothing on our 2.1: it only
        # listens to the engine's cursor events, which 2.1 keeps (the cross-service tracing test shows
        # the statements), so the check is skipped.
        SQLAlchemyInstrumentor().instrument(tracer_provider=provider, enable_commenter=False, skip_dep_check=True)
        _state.instrumented_sqlalchemy = True
    return provider


def disable() -> None:
    """Tracing off again (tests): spans already made are flushed."""
    provider, _state.provider, _state.tracer = _state.provider, None, None
    if _state.instrumented_sqlalchemy:
        from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

        SQLAlchemyInstrumentor().uninstrument()
        _state.instrumented_sqlalchemy = False
    if provider is not None:
        provider.shutdown()


def instrument_app(app: Any) -> None:
    """A server span per request, continuing the caller's `traceparent` (when tracing)."""
    if _state.tracer is None:
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(app, tracer_provider=_state.provider, exclude_spans=["receive", "send"])


@contextmanager
def sending(rows: Sequence[Any]) -> Iterator[None]:
    """The relay sends outbox rows (topic, key, body): a `send` span per event, child of its context."""
    if _state.tracer is None:
        yield
        return
    from opentelemetry import trace

    spans = []
    for row in rows:
        try:
            body = json.loads(row.body)
        except ValueError:
            body = {}
        spans.append(
            _state.tracer.start_span(
                f"send {row.topic}",
                context=_context_of(body.get("traceparent") if isinstance(body, dict) else None),
                kind=trace.SpanKind.PRODUCER,
                attributes={
                    "messaging.system": "kafka",
                    "messaging.operation.type": "send",
                    "messaging.destination.name": row.topic,
                    "messaging.kafka.message.key": row.key,
                    "messaging.message.id": str(body.get("event_id", "")) if isinstance(body, dict) else "",
                },
            )
        )
    try:
        yield
    except BaseException as exc:
        for span in spans:
            span.record_exception(exc)
            span.set_status(trace.Status(trace.StatusCode.ERROR, repr(exc)))
        raise
    finally:
        for span in spans:
            span.end()


def _start_process_span(consumer: str, envelope: Envelope) -> Any:
    from opentelemetry import trace

    return _state.tracer.start_span(
        f"process {envelope.event_type}",
        context=_context_of(envelope.traceparent),
        kind=trace.SpanKind.CONSUMER,
        attributes={
            "messaging.system": "kafka",
            "messaging.operation.type": "process",
            "messaging.destination.name": envelope.topic,
            "messaging.consumer.group.name": consumer,
            "messaging.message.id": str(envelope.event_id),
            "messaging.kafka.message.key": envelope.key,
        },
    )


def _create_span(event_type: str, key: str, cause: Cause | None) -> str | None:
    """A `create` span for an event written now, under its cause's span (a run's event) or the current
    one (a request's server span); its context is the event's `traceparent`."""
    from opentelemetry import trace

    parent = trace.set_span_in_context(cause.span) if cause is not None and cause.span is not None else None
    span = _state.tracer.start_span(
        f"create {event_type}",
        context=parent,
        kind=trace.SpanKind.PRODUCER,
        attributes={
            "messaging.system": "kafka",
            "messaging.operation.type": "create",
            "messaging.kafka.message.key": key,
        },
    )
    span.end()
    return _traceparent_of(span)


def _traceparent_of(span: Any) -> str | None:
    context = span.get_span_context()
    if not context.is_valid:
        return None
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{int(context.trace_flags):02x}"


def _context_of(traceparent: str | None) -> Any:
    if not traceparent:
        return None
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    return TraceContextTextMapPropagator().extract({"traceparent": traceparent})


def _as_uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None
