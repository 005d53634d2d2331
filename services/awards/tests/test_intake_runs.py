"""A fetched batch as the consumer applies it: recognitions in runs (no two of one enterprise in a run),
everything in one transaction. The awards it leaves are those that applying the same events one at a
time leaves, to the fen, with the same per-enterprise order of published events."""

from __future__ import annotations

from datetime import date

import pytest
from aiokafka import ConsumerRecord, TopicPartition
from sqlalchemy import select

from zjtx.awards.award.models import Award
from zjtx.common.messaging.consumer import EventConsumer
from zjtx.common.messaging.envelope import Envelope
from zjtx.common.testing.readers import outbox_events
from zjtx.common.testing.registry_events import make_uscc, recognition, registered


def _records(envelopes: list[Envelope]) -> dict[TopicPartition, list[ConsumerRecord]]:
    """The events as one partition's fetched records, in order (what the broker would hand over)."""
    partition = TopicPartition("registry.recognition", 0)
    records = [
        ConsumerRecord(partition.topic, 0, offset, 0, 0, e.key.encode(), e.to_bytes(), None, 18, 600, ())
        for offset, e in enumerate(envelopes)
    ]
    return {partition: records}


def _burst() -> list[Envelope]:
    a, b, c = make_uscc(901), make_uscc(902), make_uscc(903)
    return [
        registered(a),
        registered(b),
        # A1.1 for a and b in one run; a's national recognition starts the next run (same enterprise).
        recognition(a, "municipal_zjtx", date(2024, 6, 18)),
        recognition(b, "municipal_zjtx", date(2024, 7, 1)),
        recognition(a, "national_little_giant", date(2025, 2, 10)),
        # c is not registered yet: its award is computed on a stub, named when it registers.
        recognition(c, "municipal_zjtx", date(2024, 9, 9)),
        recognition(b, "region_zjtx", date(2025, 1, 6)),  # no award of its own
    ]


async def _apply(committed, handlers, envelopes: list[Envelope], *, batch_size: int) -> list[tuple]:
    consumer = EventConsumer(
        handlers=handlers, sessions=committed, bootstrap_servers="127.0.0.1:1", batch_size=batch_size
    )
    done = await consumer.process_batch(_records(envelopes))
    assert list(done.values()) == [len(envelopes)]
    async with committed() as session:
        awards = await session.scalars(select(Award).order_by(Award.uscc, Award.rule))
        found = [(a.uscc, a.rule, a.amount_fen, a.status, a.subject_name) for a in awards]
    order = [(e["key"], e["payload"]["rule"]) for e in await outbox_events(committed)]
    return [found, order]


@pytest.mark.parametrize("batch_size", [500, 1], ids=["in runs", "one at a time"])
async def test_a_batch_in_runs_leaves_what_one_at_a_time_leaves(committed, handlers, batch_size):
    found, order = await _apply(committed, handlers, _burst(), batch_size=batch_size)
    a, b, c = make_uscc(901), make_uscc(902), make_uscc(903)
    # A1.1 200,000.00 each for a, b and c; A1.2 500,000.00 for a's national little giant.
    assert found == [
        (a, "A1.1", 20_000_000, "computed", "示例企业"),
        (a, "A1.2", 50_000_000, "computed", "示例企业"),
        (b, "A1.1", 20_000_000, "computed", "示例企业"),
        (c, "A1.1", 20_000_000, "computed", ""),
    ]
    # Per enterprise, its events in the order they happened.
    assert [rule for key, rule in order if key == a] == ["A1.1", "A1.2"]
    assert sorted(order) == sorted([(a, "A1.1"), (a, "A1.2"), (b, "A1.1"), (c, "A1.1")])
