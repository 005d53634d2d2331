"""Metrics that alerts can use: dead letters open and the outbox's backlog and oldest unsent row sampled
from the database, a consumer's lag per group and partition, routes by their template (also for a
request refused before routing), and /metrics out of the OpenAPI document, behind a key when one is set."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import text, update

from zjtx.common.clock import CHINA
from zjtx.common.kit import create_app, handlers_for
from zjtx.common.messaging.consumer import EventConsumer
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.messaging.tables import DeadLetterRow, OutboxRow
from zjtx.common.sampling import Measure, MetricsSampler
from zjtx.common.testing.broker import FAST_GROUP, produce
from zjtx.common.testing.waiting import eventually
from zjtx.common.web.auth import hash_key


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


def gauge(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


def _dead_letter(consumer: str, offset: int, *, redriven: bool = False) -> DeadLetterRow:
    return DeadLetterRow(
        consumer=consumer,
        event_id=uuid.uuid4(),
        topic="throwaway.tick",
        partition=0,
        offset=offset,
        key="k",
        raw="{}",
        error="boom",
        attempts=5,
        redriven_at=datetime.now(UTC) if redriven else None,
    )


def _outbox(created_at: datetime, *, sent: bool = False) -> OutboxRow:
    return OutboxRow(
        event_id=uuid.uuid4(),
        topic="throwaway.tick",
        key="k",
        event_type="throwaway.tick.recorded",
        body="{}",
        created_at=created_at,
        sent_at=datetime.now(UTC) if sent else None,
    )


async def _tick_rows(session) -> float:
    return float(await session.scalar(text("SELECT count(*) FROM counters")))


async def test_dead_letters_open_and_the_outbox_backlog_are_sampled_from_the_database(committed):
    now = datetime.now(UTC)
    async with committed() as session, session.begin():
        session.add_all(
            [_dead_letter("sampled", 1), _dead_letter("sampled", 2), _dead_letter("sampled", 3, redriven=True)]
        )
        # Three waiting, the oldest written 2 minutes ago; one sent long ago, which counts for nothing.
        session.add_all(
            [
                _outbox(now - timedelta(minutes=2)),
                _outbox(now),
                _outbox(now),
                _outbox(now - timedelta(days=1), sent=True),
            ]
        )
    measure = Measure("zjtx_test_counters", "counters (a service's own measure)", _tick_rows)
    sampler = MetricsSampler(committed, consumers=["sampled", "quiet"], measures=[measure])

    await sampler.sample()

    assert (gauge("zjtx_dead_letters_open", consumer="sampled"), gauge("zjtx_dead_letters_open", consumer="quiet")) == (
        2,
        0,
    )
    assert gauge("zjtx_outbox_backlog") == 3
    assert 120 <= gauge("zjtx_outbox_oldest_unsent_age_seconds") < 180
    assert gauge("zjtx_test_counters") == 0
    async with committed() as session, session.begin():
        await session.execute(update(DeadLetterRow).values(redriven_at=now))
        await session.execute(update(OutboxRow).values(sent_at=now))
        await session.execute(text("INSERT INTO counters (name, value) VALUES ('a', 1)"))
    await sampler.sample()
    assert gauge("zjtx_dead_letters_open", consumer="sampled") == 0
    assert (gauge("zjtx_outbox_backlog"), gauge("zjtx_outbox_oldest_unsent_age_seconds")) == (0, 0)
    assert gauge("zjtx_test_counters") == 1


@pytest.mark.broker
async def test_a_consumer_reports_its_lag_per_partition(committed, fresh_broker):
    from throwaway_service.events import TICK_RECORDED, Tick

    # One key, so one partition: 30 records, taken 10 at a time.
    envelopes = [
        make_envelope(TICK_RECORDED, key="lag", payload=Tick(name="lag"), producer="t", occurred_at=datetime.now(CHINA))
        for _ in range(30)
    ]
    await produce(fresh_broker.bootstrap_servers, envelopes)
    handlers = _handlers_of("lag-test")
    consumer = EventConsumer(
        handlers=handlers,
        sessions=committed,
        bootstrap_servers=fresh_broker.bootstrap_servers,
        batch_size=10,
        group_timing=FAST_GROUP,
    )
    await consumer.start()
    try:
        first = await eventually(lambda: consumer.poll(timeout_ms=200), what="a first batch")
        await consumer.commit(await consumer.process_batch(first))
        await consumer.measure_lag()
        [(partition, records)] = first.items()
        series = {"group": "lag-test", "topic": partition.topic, "partition": str(partition.partition)}
        assert gauge("zjtx_consumer_lag", **series) == 30 - (records[-1].offset + 1)
        assert gauge("zjtx_consumer_lag", **series) > 0

        async def caught_up() -> bool:
            await consumer.commit(await consumer.process_batch(await consumer.poll(timeout_ms=200)))
            await consumer.measure_lag()
            return gauge("zjtx_consumer_lag", **series) == 0

        await eventually(caught_up, what="lag 0")
    finally:
        await consumer.stop()


def _handlers_of(consumer: str):
    from throwaway_service.definition import THROWAWAY

    return handlers_for(THROWAWAY, consumer=consumer)


async def test_routes_are_counted_by_template_even_when_refused_before_routing(client, keys):
    def count(method: str, route: str, status: str) -> float:
        return gauge("zjtx_http_requests_total", method=method, route=route, status=status) or 0

    before = (
        count("POST", "/v1/ticks", "413"),
        count("GET", "/v1/counters/{name}", "200"),
        count("GET", "unmatched", "404"),
    )
    too_big = await client.post("/v1/ticks", content=b"x" * (2 * 1024 * 1024), headers=keys.headers("admin"))
    fine = await client.get("/v1/counters/a", headers=keys.headers("admin"))
    nowhere = await client.get("/v1/no-such-thing/42", headers=keys.headers("admin"))
    assert (too_big.status_code, fine.status_code, nowhere.status_code) == (413, 200, 404)
    after = (
        count("POST", "/v1/ticks", "413"),
        count("GET", "/v1/counters/{name}", "200"),
        count("GET", "unmatched", "404"),
    )
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 1, 1]
    assert gauge("zjtx_http_requests_total", method="GET", route="/v1/counters/a", status="200") is None


async def test_metrics_are_behind_the_key_or_on_their_own_port_and_not_in_the_openapi(
    service_definition, settings, sessions, keys
):
    async def scrape(app, **headers: str) -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
            return await http.get("/metrics", headers=headers)

    keyed = create_app(
        service_definition,
        settings.model_copy(update={"metrics_key_sha256": hash_key("scrape-key")}),
        sessions=sessions,
        clients=keys.store,
    )
    assert (await scrape(keyed)).status_code == 401
    assert (await scrape(keyed, Authorization="Bearer wrong")).status_code == 401
    assert (await scrape(keyed, Authorization=f"Bearer {keys.keys['admin']}")).status_code == 401  # not a client's key
    scraped = await scrape(keyed, Authorization="Bearer scrape-key")
    assert scraped.status_code == 200 and scraped.headers["content-type"].startswith("text/plain")
    assert "zjtx_http_requests_total" in scraped.text
    assert "/metrics" not in keyed.openapi()["paths"]

    on_its_port = create_app(
        service_definition, settings.model_copy(update={"metrics_port": 9999}), sessions=sessions, clients=keys.store
    )
    assert (await scrape(on_its_port, Authorization="Bearer scrape-key")).status_code == 404
