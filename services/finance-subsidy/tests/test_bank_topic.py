"""The banks' Kafka topic `bank.loan-events` on the real broker and PostgreSQL: the kit's consumer of a
foreign topic (zjtx.common.messaging.foreign_consumer) runs the same handler as the webhook. A redelivered
message is applied once, a consumer killed between its database commit and its offset commit applies
nothing twice, the same event sent by webhook and on the topic has one effect (either order), and what
no retry can apply is dead-lettered with its reason and re-driven once its cause is fixed."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import select

from zjtx.common.kit import handlers_for
from zjtx.common.kit.binding import foreign_handlers_for
from zjtx.common.messaging.foreign_consumer import ForeignConsumer
from zjtx.common.messaging.tables import DeadLetterRow
from zjtx.common.testing.broker import FAST_GROUP, group_caught_up, produce_raw
from zjtx.common.testing.readers import consumed
from zjtx.common.testing.waiting import check, eventually
from zjtx.finance_subsidy.intake.models import BankEvent
from zjtx.finance_subsidy.intake.service import BANK_EVENTS
from zjtx.finance_subsidy.loan.models import InterestPeriod
from zjtx.finance_subsidy.subsidy.models import Subsidy

from .world import World, disbursed, interest_paid

pytestmark = [pytest.mark.broker]
TOPIC = BANK_EVENTS.topic
GROUP = BANK_EVENTS.consumer


@pytest.fixture
async def live(live_client, keys, committed, clock, parameters, service_definition) -> World:
    handlers = handlers_for(service_definition, clock=clock, parameters=parameters)
    world = World(live_client, keys, committed, handlers, clock)
    await world.bank("DEMO")
    return world


@pytest.fixture
def consumer_of(committed, fresh_broker, clock, parameters, service_definition):
    def make(batch_size: int = 500) -> ForeignConsumer:
        [foreign] = foreign_handlers_for(service_definition, clock=clock, parameters=parameters).values()
        return ForeignConsumer(
            handlers=foreign,
            sessions=committed,
            bootstrap_servers=fresh_broker.bootstrap_servers,
            max_attempts=2,
            retry_base_seconds=0.01,
            batch_size=batch_size,
            group_timing=FAST_GROUP,
        )

    return make


async def put(bootstrap: str, *events: dict) -> None:
    await produce_raw(bootstrap, TOPIC, [(e["payload"]["loan_id"].encode(), json.dumps(e).encode()) for e in events])


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


@pytest.mark.parametrize("batch_size", [500, 1], ids=["batched", "one-at-a-time"])
async def test_the_topic_is_applied_like_the_webhook_and_a_redelivery_once(
    live: World, consumer_of, fresh_broker, batch_size
):
    uscc = await live.little_giant(1)
    loan, period = disbursed("K-1", uscc), interest_paid("K-1", "2024-04-01", "2024-06-30")
    await put(fresh_broker.bootstrap_servers, loan, period, period, loan)  # both sent twice by the bank
    duplicates = consumed(GROUP, "duplicate")
    consumer = consumer_of(batch_size)
    await run_until(
        consumer,
        lambda: group_caught_up(fresh_broker.bootstrap_servers, GROUP, [TOPIC]),
        what="the topic applied and its offsets committed",
    )
    assert consumed(GROUP, "duplicate") - duplicates == 2
    [subsidy] = await live.subsidies(uscc=uscc)
    # 10,000,000.00 × 1.725% × 90 / 360 = 43,125.00, as by webhook.
    assert (subsidy["amount"], subsidy["status"]) == ("43125.00", "computed")
    received = (await live.get("/v1/bank-events", loan_id="K-1"))["items"]
    assert [(e["type"], e["received_via"], e["status"]) for e in received] == [
        ("loan.disbursed", "kafka", "applied"),
        ("loan.interest_paid", "kafka", "applied"),
    ]
    actors = {record.actor for record in await live.audits("loan.disbursed")}
    assert actors == {"bank.loan-events:DEMO"}


async def test_a_consumer_killed_between_its_database_commit_and_its_offset_commit_applies_nothing_twice(
    live: World, consumer_of, fresh_broker
):
    uscc = await live.little_giant(2)
    await put(fresh_broker.bootstrap_servers, disbursed("K-2", uscc), interest_paid("K-2", "2024-04-01", "2024-06-30"))
    first = consumer_of()
    await first.start()

    async def applied() -> bool:
        await first.process_batch(await first.poll(timeout_ms=200))  # commits to the database, never the offsets
        return await live.count(Subsidy) == 1

    await eventually(applied, what="both events applied by the first consumer")
    await first.stop()  # it dies here: the broker will deliver both again

    duplicates = consumed(GROUP, "duplicate")
    await run_until(consumer_of(), check(lambda: consumed(GROUP, "duplicate") - duplicates >= 2), what="both again")
    assert (await live.count(Subsidy), await live.count(InterestPeriod), await live.count(BankEvent)) == (1, 1, 2)


async def test_the_same_event_by_webhook_then_on_the_topic_has_one_effect(live: World, consumer_of, fresh_broker):
    uscc = await live.little_giant(3)
    loan, period = disbursed("K-3", uscc), interest_paid("K-3", "2024-04-01", "2024-06-30")
    await live.send(loan, period)
    await put(fresh_broker.bootstrap_servers, loan, period)  # the bank's other channel delivers them too
    duplicates = consumed(GROUP, "duplicate")
    await run_until(consumer_of(), check(lambda: consumed(GROUP, "duplicate") - duplicates >= 2), what="both skipped")
    [subsidy] = await live.subsidies(uscc=uscc)
    assert subsidy["amount"] == "43125.00"
    assert [e["received_via"] for e in (await live.get("/v1/bank-events", loan_id="K-3"))["items"]] == [
        "webhook",
        "webhook",
    ]


async def test_the_same_event_on_the_topic_then_by_webhook_answers_duplicate(live: World, consumer_of, fresh_broker):
    uscc = await live.little_giant(4)
    loan, period = disbursed("K-4", uscc), interest_paid("K-4", "2024-04-01", "2024-06-30")
    await put(fresh_broker.bootstrap_servers, loan, period)

    async def subsidised() -> bool:
        return await live.count(Subsidy) == 1

    await run_until(consumer_of(), subsidised, what="the topic's events applied")
    receipts = await live.send(loan, period)
    assert [(r["duplicate"], r["received_via"], r["status"]) for r in receipts] == [
        (True, "kafka", "applied"),
        (True, "kafka", "applied"),
    ]
    assert await live.count(Subsidy) == 1


async def test_what_no_retry_can_apply_is_dead_lettered_and_re_driven_once_fixed(
    live: World, consumer_of, fresh_broker
):
    uscc = await live.little_giant(5)
    unknown_bank = disbursed("K-5", uscc, bank_code="NEWBANK")
    bad_period = interest_paid("K-5", "2024-06-30", "2024-04-01")
    await produce_raw(fresh_broker.bootstrap_servers, TOPIC, [(b"x", b"not json")])
    await put(fresh_broker.bootstrap_servers, unknown_bank, bad_period)

    async def parked() -> list[DeadLetterRow]:
        async with live.sessions() as session:
            rows = list(await session.scalars(select(DeadLetterRow).order_by(DeadLetterRow.offset)))
        return rows if len(rows) == 3 else []

    await run_until(consumer_of(), parked, what="three dead letters")
    rows = await parked()
    reasons = sorted(row.error.split(" ", 2)[0] + " " + row.error.split(" ", 2)[1] for row in rows)
    assert reasons == ["bank_unknown: bank", "unreadable: malformed_json:", "unreadable: period_invalid:"]
    assert all(row.consumer == GROUP and row.topic == TOPIC for row in rows)
    assert await live.count(BankEvent) == 0

    # Once the bank is registered, the admin re-drives its event: applied, as if it had come in now.
    await live.bank("NEWBANK")
    [parked_bank] = [row for row in rows if row.error.startswith("bank_unknown")]
    redriven = await live.client.post(f"/v1/admin/dead-letters/{parked_bank.id}/redrive", headers=live.headers("admin"))
    assert redriven.status_code == 200, redriven.text
    assert (await live.get("/v1/loans/NEWBANK/K-5"))["loan_id"] == "K-5"
    # The period ending before it starts is still refused: the re-drive says why, and changes nothing.
    [parked_period] = [row for row in rows if "period_invalid" in row.error]
    again = await live.client.post(f"/v1/admin/dead-letters/{parked_period.id}/redrive", headers=live.headers("admin"))
    assert (again.status_code, again.json()["code"]) == (409, "redrive_failed")
