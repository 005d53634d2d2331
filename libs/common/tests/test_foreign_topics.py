"""A foreign topic (zjtx.common.kit.foreign): another system's messages in its own format, here a meter's
ticks as `<meter>,<its tick id>,<name>` lines, counted by the throwaway service's counter (no unique key
of its own: only the inbox stands between a redelivery and a second count). On the real broker and
PostgreSQL: a redelivery counts once, the same message by the service's other route (`receive`, as a
webhook calls it) and on the topic counts once, and what cannot be read or applied is dead-lettered with
its reason, then re-driven by the dead-letter API through the topic's own reader."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid

import pytest
from sqlalchemy import select

from zjtx.common.errors import Unprocessable
from zjtx.common.kit import Context, ForeignTopic, create_app
from zjtx.common.kit.binding import bind_foreign
from zjtx.common.messaging.foreign import ForeignMessage, UnreadableMessage
from zjtx.common.messaging.foreign_consumer import ForeignConsumer
from zjtx.common.messaging.tables import DeadLetterRow
from zjtx.common.reference import load_reference
from zjtx.common.testing.broker import FAST_GROUP, group_caught_up, produce_raw
from zjtx.common.testing.clients import asgi_client
from zjtx.common.testing.readers import consumed
from zjtx.common.testing.waiting import eventually
from zjtx.common.web.audit import Actor

pytestmark = [pytest.mark.broker]
TOPIC = "meter.ticks"


class UnknownName(Unprocessable):
    code, title = "name_unknown", "The meter sent a name nobody counts"


def read_tick(raw: bytes) -> ForeignMessage:
    try:
        meter, tick_id, name = raw.decode().split(",")
    except ValueError:
        raise UnreadableMessage(f"not <meter>,<id>,<name>: {raw[:40]!r}") from None
    return ForeignMessage(source=meter, message_id=tick_id, message_type="tick", body=name)


async def count(ctx: Context, message: ForeignMessage) -> None:
    from throwaway_service.tick.service import count_tick

    if message.body == "forbidden":
        raise UnknownName(f"{message.body!r} is not counted")
    await count_tick(ctx, name=message.body)


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


@pytest.fixture
def ticks() -> ForeignTopic:
    return ForeignTopic(topic=TOPIC, consumer=f"throwaway.meter-{uuid.uuid4().hex[:6]}", read=read_tick, handle=count)


def consumer_of(ticks, committed, bootstrap: str, clock, parameters, batch_size: int = 500) -> ForeignConsumer:
    handlers = bind_foreign(ticks, clock=clock, parameters=parameters, reference=load_reference())
    return ForeignConsumer(
        handlers=handlers,
        sessions=committed,
        bootstrap_servers=bootstrap,
        max_attempts=2,
        retry_base_seconds=0.01,
        batch_size=batch_size,
        group_timing=FAST_GROUP,
    )


async def counts(committed) -> dict[str, int]:
    from throwaway_service.tick.models import Counter

    async with committed() as session:
        return {row.name: row.value for row in await session.scalars(select(Counter))}


async def run_until(consumer: ForeignConsumer, condition, *, what: str) -> None:
    stop = asyncio.Event()
    await consumer.start()
    task = asyncio.create_task(consumer.run(stop))
    try:
        await eventually(condition, what=what)
    finally:
        stop.set()
        await task
        await consumer.stop()


def test_a_foreign_topic_is_among_the_topics_the_service_makes_sure_exist(service_definition, ticks):
    assert dataclasses.replace(service_definition, foreign_topics=(ticks,)).topics == ["meter.ticks", "throwaway.tick"]


@pytest.mark.parametrize("batch_size", [500, 1], ids=["batched", "one-at-a-time"])
async def test_a_redelivered_message_counts_once(committed, fresh_broker, ticks, clock, parameters, batch_size):
    bootstrap = fresh_broker.bootstrap_servers
    await produce_raw(bootstrap, TOPIC, [(b"m", b"m7,1,a"), (b"m", b"m7,2,b"), (b"m", b"m7,1,a"), (b"m", b"m8,1,a")])
    consumer = consumer_of(ticks, committed, bootstrap, clock, parameters, batch_size)
    await run_until(consumer, lambda: group_caught_up(bootstrap, ticks.consumer, [TOPIC]), what="all applied")
    # m7's tick 1 came twice (counted once); m8's tick 1 is another meter's tick of the same id.
    assert await counts(committed) == {"a": 2, "b": 1}
    assert (consumed(ticks.consumer, "applied"), consumed(ticks.consumer, "duplicate")) == (3, 1)


async def test_the_same_message_by_another_route_and_on_the_topic_counts_once(
    committed, fresh_broker, ticks, clock, parameters
):
    # The service's other route (a webhook would call it) applies m7's tick 5 in its own transaction ...
    async with committed() as session, session.begin():
        ctx = Context(session, clock, parameters, load_reference(), Actor("meter-webhook"))
        assert await ticks.receive(ctx, read_tick(b"m7,5,a")) is True
        assert await ticks.receive(ctx, read_tick(b"m7,5,a")) is False  # and knows a repeat
    # ... then the topic delivers it too.
    bootstrap = fresh_broker.bootstrap_servers
    await produce_raw(bootstrap, TOPIC, [(b"m", b"m7,5,a")])
    consumer = consumer_of(ticks, committed, bootstrap, clock, parameters)
    await run_until(consumer, lambda: group_caught_up(bootstrap, ticks.consumer, [TOPIC]), what="the topic read")
    assert await counts(committed) == {"a": 1}
    assert consumed(ticks.consumer, "duplicate") == 1


async def test_what_cannot_be_read_or_applied_is_dead_lettered_then_re_driven(
    service_definition, settings, committed, fresh_broker, ticks, keys, clock, parameters
):
    bootstrap = fresh_broker.bootstrap_servers
    await produce_raw(bootstrap, TOPIC, [(b"m", b"garbage"), (b"m", b"m7,9,forbidden"), (b"m", b"m7,10,a")])
    consumer = consumer_of(ticks, committed, bootstrap, clock, parameters)

    async def parked() -> list[DeadLetterRow]:
        async with committed() as session:
            rows = list(await session.scalars(select(DeadLetterRow).order_by(DeadLetterRow.offset)))
        return rows if len(rows) == 2 else []

    await run_until(consumer, parked, what="two dead letters")
    unreadable, refused = await parked()
    assert unreadable.error.startswith("unreadable: not <meter>,<id>,<name>")
    assert (refused.error, refused.attempts, refused.consumer) == (
        "name_unknown: 'forbidden' is not counted",
        1,
        ticks.consumer,
    )
    assert await counts(committed) == {"a": 1}  # the others were applied all the same

    # The dead-letter API re-drives through the topic's reader and handler (the cause is still there).
    definition = dataclasses.replace(service_definition, foreign_topics=(ticks,))
    app = create_app(definition, settings, sessions=committed, clients=keys.store, clock=clock, parameters=parameters)
    async with asgi_client(app) as http:
        response = await http.post(f"/v1/admin/dead-letters/{refused.id}/redrive", headers=keys.headers("admin"))
        assert (response.status_code, response.json()["code"]) == (409, "redrive_failed")
        fixed = dataclasses.replace(
            ticks, handle=lambda ctx, message: count(ctx, dataclasses.replace(message, body="a"))
        )
        app = create_app(
            dataclasses.replace(service_definition, foreign_topics=(fixed,)),
            settings,
            sessions=committed,
            clients=keys.store,
            clock=clock,
            parameters=parameters,
        )
    async with asgi_client(app) as http:
        response = await http.post(f"/v1/admin/dead-letters/{refused.id}/redrive", headers=keys.headers("admin"))
        assert response.status_code == 200, response.text
        assert response.json()["redriven_at"] is not None
    assert await counts(committed) == {"a": 2}
