"""Prometheus measures every service exposes on /metrics, named for the alerts that read them."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

# `route` is the template of the route that matched (`/v1/enterprises/{uscc}`), `unmatched` only for a
# path no route has: raw paths would make a series per enterprise.
HTTP_REQUESTS = Counter("zjtx_http_requests_total", "HTTP requests handled", ["method", "route", "status"])
HTTP_LATENCY = Histogram(
    "zjtx_http_request_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
OUTBOX_SENT = Counter("zjtx_outbox_sent_total", "Outbox rows acknowledged by the broker")
OUTBOX_FAILURES = Counter("zjtx_outbox_send_failures_total", "Relay batches that failed and will be retried")
# Deleted by the kit's retention job (zjtx.common.web.idempotency_retention).
IDEMPOTENCY_KEYS_DELETED = Counter(
    "zjtx_idempotency_keys_deleted_total",
    "Idempotency-Key records deleted, by reason",
    ["reason"],  # expired (past the retention) | unanswered (a claim an earlier version left)
)
EVENTS_CONSUMED = Counter(
    "zjtx_events_consumed_total",
    "Events taken from the broker, by outcome",
    ["consumer", "outcome"],  # applied | duplicate | unknown_type | dead_lettered | retried
)
# Sampled from the service's database (zjtx.common.sampling), the same in every replica: alert on max().
DEAD_LETTERS_OPEN = Gauge("zjtx_dead_letters_open", "Dead letters not yet re-driven", ["consumer"])
OUTBOX_BACKLOG = Gauge("zjtx_outbox_backlog", "Outbox rows not yet acknowledged by the broker")
OUTBOX_OLDEST_AGE = Gauge(
    "zjtx_outbox_oldest_unsent_age_seconds", "Age of the oldest outbox row not yet sent (0 when none waits)"
)
# Set by each consumer from its own fetches: records on the broker its group has not committed yet.
CONSUMER_LAG = Gauge(
    "zjtx_consumer_lag",
    "Records on the broker not yet consumed, by group and partition",
    ["group", "topic", "partition"],
)
