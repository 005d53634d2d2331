"""A fetched batch as the consumer applies it: recognitions in runs (no two of one enterprise in a run),
everything in one transaction. The awards it leaves are those that applying the same events one at a
time leaves, to the fen, with the same per-enterprise order of published events — late recognitions and
revocations, which settle awards already made, included."""

from __future__ import annotations

import uuid
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


A_MUNICIPAL = uuid.UUID(int=901)


def _burst() -> list[Envelope]:
    a, b, c = make_uscc(901), make_uscc(902), make_uscc(903)
    return [
        registered(a),
        registered(b),
        # A1.1 for a and b in one run; a's national recognition starts the next run (same enterprise).
        recognition(a, "municipal_zjtx", date(2024, 6, 18), recognition_id=A_MUNICIPAL),
        recognition(b, "municipal_zjtx", date(2024, 7, 1)),
        recognition(a, "national_little_giant", date(2025, 2, 10)),
        # c is not registered yet: its award is computed on a stub, named when it registers.
        recognition(c, "municipal_zjtx", date(2024, 9, 9)),
        recognition(b, "region_zjtx", date(2025, 1, 6)),  # no award of its own
        # Late: b held a municipal recognition in 2020-2023, so 2024's was not new: its A1.1 is revoked.
        recognition(b, "municipal_zjtx", date(2020, 3, 1), expires_on=date(2023, 3, 1)),
        # a's municipal recognition revoked: its unpaid A1.1 is revoked (in the same run as b's).
        recognition(
            a,
            "municipal_zjtx",
            date(2024, 6, 18),
            recognition_id=A_MUNICIPAL,
            verb="revoked",
            status="revoked",
            revoked_on=date(2025, 8, 1),
        ),
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
    order = [
        (e["key"], e["payload"]["rule"], e["event_type"].rsplit(".", 1)[1]) for e in await outbox_events(committed)
    ]
    return [found, order]


@pytest.mark.parametrize("batch_size", [500, 1], ids=["in runs", "one at a time"])
async def test_a_batch_in_runs_leaves_what_one_at_a_time_leaves(committed, handlers, batch_size):
    found, order = await _apply(committed, handlers, _burst(), batch_size=batch_size)
    a, b, c = make_uscc(901), make_uscc(902), make_uscc(903)
    # A1.1 200,000.00 each for a, b and c, then a's revoked (its recognition was) and b's revoked (not
    # new after all); A1.2 500,000.00 for a's national little giant.
    assert found == [
        (a, "A1.1", 20_000_000, "revoked", "示例企业"),
        (a, "A1.2", 50_000_000, "computed", "示例企业"),
        (b, "A1.1", 20_000_000, "revoked", "示例企业"),
        (c, "A1.1", 20_000_000, "computed", ""),
    ]
    # Per enterprise, its events in the order they happened (computed, computed, then revoked).
    assert [(rule, verb) for key, rule, verb in order if key == a] == [
        ("A1.1", "computed"),
        ("A1.2", "computed"),
        ("A1.1", "revoked"),
    ]
    assert [(rule, verb) for key, rule, verb in order if key == b] == [("A1.1", "computed"), ("A1.1", "revoked")]
    assert len(order) == 6
