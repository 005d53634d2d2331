"""Twenty claims of one enterprise sent at the same moment, over real connections (transactions that
really overlap): each decision that reads what the enterprise already has is serialised per enterprise
and rule by a lock taken in the deciding transaction, so the caps hold. Today is 2027-03-01, so
2022-2026 are finished years."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from zjtx.awards.award.models import Award
from zjtx.awards.definition import AWARDS
from zjtx.common.clock import CHINA
from zjtx.common.kit import create_app
from zjtx.common.testing.clients import asgi_client
from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered

from .claiming import CLAIMS, fair, rent, supply

TWENTY = 20


@pytest.fixture
def now() -> datetime:
    return datetime(2027, 3, 1, 10, 0, tzinfo=CHINA)


async def _fire(settings, committed, keys, clock, parameters, bodies: list[dict]) -> list[int]:
    app = create_app(AWARDS, settings, sessions=committed, clients=keys.store, clock=clock, parameters=parameters)
    await apply(
        committed,
        app.state.event_handlers,
        registered(bodies[0]["uscc"]),
        recognition(bodies[0]["uscc"], "national_little_giant", date(2021, 6, 1), expires_on=date(2027, 6, 1)),
    )
    async with asgi_client(app) as http:
        responses = await asyncio.gather(
            *(http.post(CLAIMS, headers=keys.headers("platform"), json=body) for body in bodies)
        )
    return [r.status_code for r in responses]


async def _standing(committed, uscc: str, rule: str) -> list[tuple[date, int]]:
    async with committed() as session:
        rows = await session.execute(
            select(Award.reference_date, Award.amount_fen)
            .where(Award.uscc == uscc, Award.rule == rule, Award.status.not_in(("revoked", "rejected")))
            .order_by(Award.reference_date)
        )
        return [tuple(row) for row in rows]


async def test_twenty_trade_fair_claims_at_once_stay_within_the_yearly_cap(
    settings, committed, keys, clock, parameters
):
    uscc = make_uscc(1601)
    # Twenty fairs of 2024 (2024-01-01 … 2024-01-20), a booth fee of 10,000.00 each; the yearly cap is
    # 50,000.00: the five earliest get 10,000.00 each, 5 × 10,000.00 = 50,000.00, the rest nothing.
    bodies = [fair(uscc, f"展会{i:02d}", "10000.00", held_on=f"2024-01-{i:02d}") for i in range(1, TWENTY + 1)]
    assert await _fire(settings, committed, keys, clock, parameters, bodies) == [201] * TWENTY
    standing = await _standing(committed, uscc, "A6.1")
    assert sum(fen for _, fen in standing) == 5_000_000
    assert [day for day, _ in standing] == [date(2024, 1, day) for day in range(1, 6)]


async def test_twenty_rent_claims_at_once_give_one_run_of_three_years(settings, committed, keys, clock, parameters):
    uscc = make_uscc(1602)
    # Each of 2022-2026 four times: the run is 2022-2024, 30% × 1,000,000.00 = 300,000.00 a year, once
    # each: 900,000.00 in all.
    bodies = [rent(uscc, 2022 + i % 5) for i in range(TWENTY)]
    assert await _fire(settings, committed, keys, clock, parameters, bodies) == [201] * TWENTY
    standing = await _standing(committed, uscc, "A3.rent")
    assert standing == [(date(year, 12, 31), 30_000_000) for year in (2022, 2023, 2024)]


async def test_twenty_supply_claims_at_once_give_one_award_ever(settings, committed, keys, clock, parameters):
    uscc = make_uscc(1603)
    # A2.1 is once per enterprise, ever: the earliest year, 2022: 5% × (8,000,000.00 − 5,000,000.00) = 150,000.00.
    bodies = [supply(uscc, year=2022 + i % 5) for i in range(TWENTY)]
    assert await _fire(settings, committed, keys, clock, parameters, bodies) == [201] * TWENTY
    assert await _standing(committed, uscc, "A2.1") == [(date(2022, 12, 31), 15_000_000)]
    async with committed() as session:
        total = await session.scalar(select(func.count()).select_from(Award).where(Award.uscc == uscc))
    assert total >= 1
