"""How the consumer hands a fetched batch to a handler that takes runs: consecutive events of that
handler, never two of one aggregate (key) in a run, in order; any other handler's event ends the run.
On the throwaway service's database, in one transaction per batch."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from aiokafka import ConsumerRecord, TopicPartition
from pydantic import BaseModel

from zjtx.common.clock import CHINA
from zjtx.common.events import Event, contract
from zjtx.common.messaging.consumer import EventConsumer, EventHandlers, RunHandler
from zjtx.common.messaging.envelope import Envelope, make_envelope


class Erased(BaseModel):
    name: str


ERASED = contract("throwaway.tick.erased", 1, Erased)


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


def _records(envelopes: list[Envelope]) -> dict[TopicPartition, list[ConsumerRecord]]:
    partition = TopicPartition("throwaway.tick", 0)
    return {
        partition: [
            ConsumerRecord(partition.topic, 0, offset, 0, 0, e.key.encode(), e.to_bytes(), None, 1, 100, ())
            for offset, e in enumerate(envelopes)
        ]
    }


def _event(declared, name: str) -> Envelope:
    payload = declared.payload(name=name)
    return make_envelope(declared, key=name, payload=payload, producer="throwaway", occurred_at=datetime.now(CHINA))


async def test_runs_hold_distinct_keys_in_order_and_another_handler_ends_them(committed):
    from throwaway_service.events import TICK_RECORDED

    calls: list[Any] = []

    async def ticks(session, events: list[Event[Any]]) -> None:
        calls.append([e.payload.name for e in events])

    async def erased(session, event: Event[Any]) -> None:
        calls.append(("erased", event.payload.name))

    handlers = EventHandlers("runs-test", {TICK_RECORDED: RunHandler(ticks), ERASED: erased})
    names = ["a", "b", "a", "c", "x", "d", "e", "d"]
    envelopes = [_event(ERASED if name == "x" else TICK_RECORDED, name) for name in names]
    consumer = EventConsumer(handlers=handlers, sessions=committed, bootstrap_servers="127.0.0.1:1")

    done = await consumer.process_batch(_records(envelopes))

    assert list(done.values()) == [len(names)]
    assert calls == [["a", "b"], ["a", "c"], ("erased", "x"), ["d", "e"], ["d"]]
    # Applied once: the same batch again is all redeliveries, and no handler runs.
    calls.clear()
    await consumer.process_batch(_records(envelopes))
    assert calls == []
