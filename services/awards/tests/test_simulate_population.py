"""POST /v1/simulate/population: what a change of parameters would cost over every enterprise the service
knows, by rule and by funder (F.1), beside today's cost, to the fen; nothing stored; its work bounded
(one pass over the read model in batches). Clock fixed at 2025-09-01; figures by hand in the comments."""

from __future__ import annotations

import time
import uuid
from datetime import date

from sqlalchemy import event, func, select
from sqlalchemy.dialects.postgresql import insert

from zjtx.awards.award.models import Award
from zjtx.awards.readmodel.models import EnterpriseView, RecognitionView
from zjtx.awards.simulate.overrides import Override
from zjtx.awards.simulate.population import cost_population
from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered

from .claiming import claim, upgrade

POPULATION = "/v1/simulate/population"
RATE_25 = [{"name": "upgrade_award", "key": "rate", "value": "0.25"}]


async def _population(client, keys, body: dict, *, status: int = 200) -> dict:
    response = await client.post(POPULATION, headers=keys.headers("reader"), json=body)
    assert response.status_code == status, response.text
    return response.json()


async def _two_enterprises(client, keys, sessions, handlers) -> None:
    """E1, 赛罕区 (150105): municipal 专精特新 2024-06-18; an upgrade of 2,500,000.00 completed 2025-05-31.
    E2, 新城区 (150102): regional 专精特新 2023-03-01; an upgrade of 1,500,000.05 completed 2025-03-31."""
    e1, e2 = make_uscc(2201), make_uscc(2202)
    await apply(
        sessions,
        handlers,
        registered(e1),
        recognition(e1, "municipal_zjtx", date(2024, 6, 18)),
        registered(e2, district_code="150102"),
        recognition(e2, "region_zjtx", date(2023, 3, 1), district_code="150102"),
    )
    await claim(client, keys, upgrade(e1, "2500000.00"))
    await claim(client, keys, upgrade(e2, "1500000.05", completed_on="2025-03-31"))


async def test_a_higher_upgrade_rate_costs_by_rule_and_funder_beside_today(client, keys, sessions, handlers):
    await _two_enterprises(client, keys, sessions, handlers)
    awards_before = await _count_awards(sessions)
    result = await _population(client, keys, {"year": 2025, "parameter_overrides": RATE_25})
    # Today, 2025 (A2.2 at 20%, cap 500,000.00):
    #   E1 20% × 2,500,000.00 = 500,000.00 → city 250,000.00, 150105 250,000.00
    #   E2 20% × 1,500,000.05 = 300,000.01 → city 150,000.01 (the odd fen), 150102 150,000.00
    #   total 800,000.01; city 400,000.01, 150102 150,000.00, 150105 250,000.00
    # What-if, A2.2 at 25%:
    #   E1 25% × 2,500,000.00 = 625,000.00 > cap → 500,000.00 → city 250,000.00, 150105 250,000.00
    #   E2 25% × 1,500,000.05 = 375,000.0125 → 375,000.01 → city 187,500.01, 150102 187,500.00
    #   total 875,000.01; city 437,500.01, 150102 187,500.00, 150105 250,000.00
    # Change: +75,000.00 (city +37,500.00, 150102 +37,500.00, 150105 0.00: E1 is at the cap).
    # (E1's A1.1 of 2024-06-18 is 2024's, not counted here.)
    assert (result["year"], result["as_of"], result["enterprises"], result["stored"]) == (2025, "2025-09-01", 2, False)
    assert result["today"] == {
        "total": "800000.01",
        "awards": 2,
        "by_rule": [
            {
                "rule": "A2.2",
                "awards": 2,
                "amount": "800000.01",
                "rule_name": "“专精特新”中小企业技改项目按投资额20%补助",
            }
        ],
        "by_funder": [
            {"funder": "city", "amount": "400000.01", "funder_name": "市本级"},
            {"funder": "150102", "amount": "150000.00", "funder_name": "新城区"},
            {"funder": "150105", "amount": "250000.00", "funder_name": "赛罕区"},
        ],
    }
    assert result["what_if"] == {
        "total": "875000.01",
        "awards": 2,
        "by_rule": [
            {
                "rule": "A2.2",
                "awards": 2,
                "amount": "875000.01",
                "rule_name": "“专精特新”中小企业技改项目按投资额20%补助",
            }
        ],
        "by_funder": [
            {"funder": "city", "amount": "437500.01", "funder_name": "市本级"},
            {"funder": "150102", "amount": "187500.00", "funder_name": "新城区"},
            {"funder": "150105", "amount": "250000.00", "funder_name": "赛罕区"},
        ],
    }
    assert result["change"] == "75000.00"
    assert result["change_by_funder"] == [
        {"funder": "city", "change": "37500.00", "funder_name": "市本级"},
        {"funder": "150102", "change": "37500.00", "funder_name": "新城区"},
        {"funder": "150105", "change": "0.00", "funder_name": "赛罕区"},
    ]
    assert result["parameters_version"].endswith("+what-if")
    assert [(o["name"], o["value"], o["original_value"]) for o in result["overrides"]] == [
        ("upgrade_award.rate", "0.25", "0.20")
    ]
    assert await _count_awards(sessions) == awards_before  # nothing stored


async def test_the_year_counts_the_awards_dated_in_it_and_a_cut_is_negative(client, keys, sessions, handlers):
    await _two_enterprises(client, keys, sessions, handlers)
    # 2024: E1's A1.1 of 2024-06-18, 200,000.00 (city 100,000.00, 150105 100,000.00); A1.1 at 150,000.00:
    # change −50,000.00, −25,000.00 each.
    cut = [{"name": "municipal_recognition_award", "key": "amount", "value": "150000.00"}]
    result = await _population(client, keys, {"year": 2024, "parameter_overrides": cut})
    assert result["as_of"] == "2024-12-31"
    assert result["today"]["by_rule"] == [
        {
            "rule": "A1.1",
            "awards": 1,
            "amount": "200000.00",
            "rule_name": "新认定市级“专精特新”中小企业一次性奖励20万元",
        }
    ]
    assert result["what_if"]["total"] == "150000.00"
    assert (result["change"], result["change_by_funder"]) == (
        "-50000.00",
        [
            {"funder": "city", "change": "-25000.00", "funder_name": "市本级"},
            {"funder": "150105", "change": "-25000.00", "funder_name": "赛罕区"},
        ],
    )
    # No overrides: the what-if is today's.
    same = await _population(client, keys, {"year": 2025})
    assert same["what_if"] == same["today"] and same["change"] == "0.00"


async def test_bad_years_and_overrides_are_problems(client, keys):
    assert (await _population(client, keys, {"year": 2026}, status=422))["code"] == "year_in_future"
    unknown = [{"name": "no_such_award", "key": "rate", "value": "0.1"}]
    assert (await _population(client, keys, {"year": 2025, "parameter_overrides": unknown}, status=422))[
        "code"
    ] == "parameter_unknown"


async def test_a_thousand_enterprises_in_one_batched_pass(app, sessions):
    """1,000 municipal 专精特新 of 2024 (A1.1 200,000.00 each): 2024 costs 200,000,000.00 today and
    1,000 × 250,000.00 = 250,000,000.00 at 250,000.00, in a bounded number of statements: per batch of
    500, the codes, the read model (six) and the claims (one), plus the closing empty page."""
    usccs = [make_uscc(30000 + i) for i in range(1000)]
    async with sessions() as session:
        await session.execute(
            insert(EnterpriseView),
            [
                {
                    "uscc": u,
                    "name": "企业",
                    "district_code": "150105",
                    "sector": "industry",
                    "cluster": "agri_food",
                    "size_class": "small",
                    "is_sme": True,
                    "effective_on": date(2019, 5, 8),
                }
                for u in usccs
            ],
        )
        await session.execute(
            insert(RecognitionView),
            [
                {
                    "recognition_id": uuid.uuid4(),
                    "uscc": u,
                    "tier": "municipal_zjtx",
                    "recognized_on": date(2024, 6, 18),
                    "expires_on": date(2027, 6, 18),
                    "renewal": False,
                    "held_tier_before": False,
                    "status": "valid",
                }
                for u in usccs
            ],
        )
        await session.flush()
        statements: list[str] = []

        def count(*args) -> None:
            statements.append(args[2])

        sync_engine = session.bind.sync_engine
        event.listen(sync_engine, "before_cursor_execute", count)
        started = time.perf_counter()
        try:
            result = await cost_population(
                session,
                year=2024,
                overrides=[Override("municipal_recognition_award", "amount", "250000.00")],
                parameters=app.state.parameters,
                today=date(2025, 9, 1),
            )
        finally:
            event.remove(sync_engine, "before_cursor_execute", count)
        elapsed = time.perf_counter() - started
    print(f"\npopulation of 1,000 enterprises: {elapsed:.2f} s, {len(statements)} statements")
    assert result.enterprises == 1000
    assert (result.today.total_fen, result.what_if.total_fen) == (200_000_000_00, 250_000_000_00)
    assert dict(result.today.by_funder) == {"city": 100_000_000_00, "150105": 100_000_000_00}
    assert len(statements) <= 2 * (1 + 6 + 1) + 1
    assert elapsed < 30  # measured about a second on the shared 2-core machine


async def _count_awards(sessions) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(Award))
