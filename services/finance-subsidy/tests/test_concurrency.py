"""Decisions that read what an enterprise already has are serialised by its lock: reports of periods of
one enterprise arriving at the same instant, on sessions that really commit, never take more than the
yearly cap together, and end as they would one after the other."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from zjtx.common.kit import handlers_for
from zjtx.finance_subsidy.subsidy.models import Subsidy

from .world import World, disbursed, interest_paid

pytestmark = [pytest.mark.broker]  # live_client starts the API beside a fresh broker
BIG = {"outstanding": "100000000.00", "interest": "1000000.00"}


@pytest.fixture
async def live(live_client, keys, committed, clock, parameters, service_definition) -> World:
    world = World(
        live_client, keys, committed, handlers_for(service_definition, clock=clock, parameters=parameters), clock
    )
    await world.bank("DEMO")
    return world


async def test_concurrent_reports_of_one_enterprise_never_take_more_than_its_cap(live: World):
    # Three loans of 100,000,000.00 disbursed 2024-03-01; each reports 2024-03-01..06-01 (92 days,
    # 440,833.33 each) paid on 2024-06-01, all three at once. In the order of payment (the same day: by
    # bank and loan id), A gets 440,833.33, B the 59,166.67 left of the 500,000.00 cap, C nothing.
    uscc = await live.little_giant(1)
    loans = ["A", "B", "C"]
    await live.send(*(disbursed(loan, uscc, principal="100000000.00") for loan in loans))
    responses = await asyncio.gather(
        *(live.post(interest_paid(loan, "2024-03-01", "2024-06-01", **BIG)) for loan in loans)
    )
    assert [r.status_code for r in responses] == [200, 200, 200]
    computed = [s for s in await live.subsidies(uscc=uscc) if s["status"] == "computed"]
    assert sorted((s["loan_id"], s["amount"]) for s in computed) == [("A", "440833.33"), ("B", "59166.67")]
    async with live.sessions() as session:
        total = await session.scalar(
            select(func.sum(Subsidy.amount_fen)).where(Subsidy.uscc == uscc, Subsidy.status == "computed")
        )
    assert total == 50_000_000  # 500,000.00: the cap, not a fen more
