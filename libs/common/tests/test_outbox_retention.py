"""The relay keeps sent rows for the retention and sends them again when the broker holds nothing of
their topic (the development broker, restarted); rows sent before the retention are pruned, and a
topic the broker still holds is not sent again."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import func, select

from zjtx.common.messaging.kafka import LogEnds, create_producer, ensure_topics
from zjtx.common.messaging.relay import OutboxRelay
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.broker import PARTITIONS, read_topic

pytestmark = pytest.mark.broker

TOPIC = "throwaway.retained"


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


def relay_for(sessions, bootstrap: str) -> OutboxRelay:
    """As a service's process makes it (zjtx.common.runtime.build_relay), with a 7-day retention."""
    return OutboxRelay(
        sessions=sessions,
        producer_factory=partial(create_producer, bootstrap, client_id="retention-test"),
        prepare_topics=partial(ensure_topics, bootstrap, partitions=PARTITIONS, replication_factor=1),
        retention=timedelta(days=7),
        log_ends=LogEnds(bootstrap),
    )


def row(n: int, *, sent_at: datetime | None = None) -> OutboxRow:
    return OutboxRow(
        event_id=uuid.uuid4(),
        topic=TOPIC,
        key=f"k{n}",
        event_type="throwaway.retained.done",
        body=f'{{"n": {n}}}',
        sent_at=sent_at,
    )


async def _rows(sessions, *where) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxRow).where(*where)))


async def test_sent_rows_go_again_to_a_broker_that_forgot_them_and_old_ones_are_pruned(committed, fresh_broker):
    bootstrap = fresh_broker.bootstrap_servers
    async with committed() as session, session.begin():
        session.add(row(0, sent_at=datetime.now(UTC) - timedelta(days=8)))  # before the retention
        session.add_all([row(n) for n in (1, 2, 3)])
    first = relay_for(committed, bootstrap)
    try:
        assert await first.send_again_what_the_broker_forgot() == 0  # nothing sent yet within the retention
        assert await first.relay_once() == 3
        assert await first.send_again_what_the_broker_forgot() == 0  # the broker holds them
    finally:
        await first.close()
    assert len(await read_topic(bootstrap, TOPIC, expected=3)) == 3

    fresh_broker.kill()  # memory only: it starts again empty
    fresh_broker.start()
    second = relay_for(committed, bootstrap)  # a service starting again
    try:
        assert await second.send_again_what_the_broker_forgot() == 3  # not the one sent 8 days ago
        assert await second.prune() == 1
        assert await second.relay_once() == 3
    finally:
        await second.close()
    assert sorted(await read_topic(bootstrap, TOPIC, expected=3)) == [b'{"n": 1}', b'{"n": 2}', b'{"n": 3}']
    assert (await _rows(committed), await _rows(committed, OutboxRow.sent_at.is_(None))) == (3, 0)
