"""Logs an operator can search: one JSON object per line, on standard error.

Each line says what happened (`time`, `level`, `logger`, `message`, a traceback in `exception`) and for
whom: the `service`, and while a request or an event is handled, its `request_id` (ours, not the
caller's), `correlation_id` (the business act that started the chain: the originating request's id),
`trace_id` (W3C trace context, when there is one) and `client` (the API client calling). These are kept
in context variables by the request middleware and the consumer, so every record logged while they run
carries them. Phone numbers and identity card numbers are masked in every line (DESIGN: "Security")."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from types import TracebackType
from typing import IO, Any

from zjtx.common import jsontext

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
correlation_id_var: ContextVar[str | None] = ContextVar("correlation_id", default=None)
trace_id_var: ContextVar[str | None] = ContextVar("trace_id", default=None)
client_var: ContextVar[str | None] = ContextVar("client", default=None)

_CONTEXT = (
    ("request_id", request_id_var),
    ("correlation_id", correlation_id_var),
    ("trace_id", trace_id_var),
    ("client", client_var),
)

# What every LogRecord has; anything else on a record was passed as `extra=` and goes into the line
# (but uvicorn's `color_message`, its message again with terminal colours).
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
    *(name for name, _ in _CONTEXT),
}

# A mainland mobile number, and an 18-character resident identity card number (area, birth date, serial,
# check). Not preceded or followed by a digit, so longer numbers (amounts, ids) are left alone.
_PHONE = re.compile(r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")
_ID_CARD = re.compile(
    r"(?<![0-9A-Za-z])([1-9][0-9]{5})(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
    r"[0-9]{3}([0-9Xx])(?![0-9A-Za-z])"
)


def mask_personal_data(text: str) -> str:
    """`13812345678` -> `138****5678`; an identity card number keeps its area code and check character."""
    text = _PHONE.sub(r"\1****\2", text)
    return _ID_CARD.sub(r"\1***********\2", text)


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (a traceback is a string field, its newlines escaped)."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_personal_data(record.getMessage()),
            "service": self.service,
        }
        for name, var in _CONTEXT:
            # A record may carry its own (logged after the request's context was left, e.g. a 500).
            value = record.__dict__.get(name) or var.get()
            if value is None and name == "trace_id":
                value = _current_trace_id()
            if value is not None:
                line[name] = str(value)
        for name, value in record.__dict__.items():
            if name not in _STANDARD and name not in line:
                line[name] = value
        if record.exc_info:
            line["exception"] = mask_personal_data(self.formatException(record.exc_info))
        if record.stack_info:
            line["stack"] = record.stack_info
        return jsontext.dumps(line, default=str)


def _current_trace_id() -> str | None:
    """The trace id of the current OpenTelemetry span, when OpenTelemetry is installed and tracing."""
    trace = sys.modules.get("opentelemetry.trace")
    if trace is None:  # not imported by anyone: no tracing in this process
        return None
    context = trace.get_current_span().get_span_context()
    return f"{context.trace_id:032x}" if context.is_valid else None


def trace_id_from_traceparent(value: str | None) -> str | None:
    """The trace id of a W3C `traceparent` (`00-<32 hex>-<16 hex>-<2 hex>`), or None if it is not one."""
    if not value:
        return None
    parts = value.split("-")
    if len(parts) != 4 or len(parts[1]) != 32 or parts[1] == "0" * 32:
        return None
    try:
        int(parts[1], 16)
    except ValueError:
        return None
    return parts[1].lower()


@contextmanager
def log_context(**values: str | None) -> Iterator[None]:
    """Within the block, records carry these (`correlation_id=`, `trace_id=`, ...), e.g. while an event
    is applied."""
    variables = dict(_CONTEXT)
    tokens = [(variables[name], variables[name].set(value)) for name, value in values.items()]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


class _AlreadyLogged(logging.Filter):
    """uvicorn logs an exception that left the app, which the app's error handler has just logged with
    its request's context: the traceback once, not twice."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Exception in ASGI application")


def configure_logging(level: int = logging.INFO, *, service: str = "service", stream: IO[str] | None = None) -> None:
    """A process's logging: one handler writing JSON lines; uvicorn's loggers and warnings go through it,
    and an uncaught exception is logged as a line too, not printed as text."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    # A line names no source file, line, thread or process, so records need not find them: each is a walk
    # up the stack or a system call per record (the logging documentation's "Optimization").
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    uvicorn_error = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _AlreadyLogged) for f in uvicorn_error.filters):
        uvicorn_error.addFilter(_AlreadyLogged())
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught


def _log_uncaught(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    logging.getLogger("zjtx").critical("uncaught exception, the process stops", exc_info=(kind, exc, tb))
