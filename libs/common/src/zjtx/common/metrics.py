"""Prometheus measures every service exposes on /metrics."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter("zjtx_http_requests_total", "HTTP requests handled", ["method", "route", "status"])
HTTP_LATENCY = Histogram(
    "zjtx_http_request_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
OUTBOX_SENT = Counter("zjtx_outbox_sent_total", "Outbox rows acknowledged by the broker")
OUTBOX_FAILURES = Counter("zjtx_outbox_send_failures_total", "Relay batches that failed and will be retried")
EVENTS_CONSUMED = Counter(
    "zjtx_events_consumed_total",
    "Events taken from the broker, by outcome",
    ["consumer", "outcome"],  # applied | duplicate | unknown_type | dead_lettered | retried
)
DEAD_LETTERS_OPEN = Gauge("zjtx_dead_letters_open", "Dead letters not yet re-driven", ["consumer"])
