"""GET /v1/kpis: the policy's yearly targets, actual against target (A1.target, A4.pool, A8, A12)."""

from __future__ import annotations

from .factories import grant, register

RULES = ["A1.target", "A4.pool", "A8.lectures", "A8.entrepreneurs", "A8.leading_talent", "A12"]


async def _kpis(client, keys, year: int) -> dict[str, dict]:
    response = await client.get("/v1/kpis", params={"year": year}, headers=keys.headers("reader"))
    assert response.status_code == 200, response.text
    assert response.json()["year"] == year and response.json()["parameters_version"]
    return {item["rule"]: item for item in response.json()["items"]}


async def _service(client, keys, uscc: str, **body) -> None:
    response = await client.post(f"/v1/enterprises/{uscc}/service-records", json=body, headers=keys.headers("writer"))
    assert response.status_code == 201, response.text


async def _scale(client, keys, uscc: str, year: int, revenue: str) -> None:
    response = await client.post(
        f"/v1/enterprises/{uscc}/scale-reports",
        headers=keys.headers("writer"),
        json={"year": year, "main_business_revenue": revenue},
    )
    assert response.status_code == 201, response.text


async def test_empty_year_lists_the_six_targets(client, keys):
    kpis = await _kpis(client, keys, 2024)
    assert list(kpis) == RULES
    assert {rule: (k["actual"], k["target"], k["met"]) for rule, k in kpis.items()} == {
        "A1.target": (0, 10, False),
        "A4.pool": (0, 15, False),
        "A8.lectures": (0, 5000, False),
        "A8.entrepreneurs": (0, 200, False),
        "A8.leading_talent": (0, 30, False),
        "A12": (0, 100, False),
    }
    assert kpis["A12"]["period"] == "2022-2024" and kpis["A1.target"]["period"] == "2024"
    assert all(k["definition"] for k in kpis.values())


async def test_year_before_the_policy_is_refused(client, keys):
    response = await client.get("/v1/kpis", params={"year": 2021}, headers=keys.headers("reader"))
    assert (response.status_code, response.json()["code"]) == (422, "validation_failed")


async def test_newly_cultivated_counts_first_recognitions_of_the_year(client, keys):
    a, b, c, d, e = [await register(client, keys, serial) for serial in range(701, 706)]
    await grant(client, keys, a, recognized_on="2024-01-15")  # first in 2024 → counts
    await grant(client, keys, b, recognized_on="2024-12-31", tier="national_little_giant")  # first in 2024 → counts
    await grant(client, keys, c, recognized_on="2023-06-01")  # first in 2023 …
    await grant(client, keys, c, recognized_on="2024-06-01", tier="region_zjtx")  # … so not new in 2024
    await grant(client, keys, d, recognized_on="2024-03-01", tier="innovative_sme")  # not a 专精特新 level
    await grant(client, keys, e, recognized_on="2025-01-01")  # next year
    # 2024: a and b → 2; 2023: c → 1
    assert (await _kpis(client, keys, 2024))["A1.target"]["actual"] == 2
    assert (await _kpis(client, keys, 2023))["A1.target"]["actual"] == 1


async def test_moving_above_scale_needs_a_below_scale_year_before(client, keys):
    up, always, late, gap = [await register(client, keys, serial) for serial in range(711, 715)]
    await _scale(client, keys, up, 2023, "19999999.99")  # below, then
    await _scale(client, keys, up, 2024, "20000000.00")  # above in 2024 → counts for 2024
    await _scale(client, keys, always, 2023, "30000000.00")
    await _scale(client, keys, always, 2024, "30000000.00")  # above both years: not a move up
    await _scale(client, keys, late, 2024, "1000000.00")  # below in 2024; no 2025 report possible yet
    await _scale(client, keys, gap, 2022, "1000000.00")
    await _scale(client, keys, gap, 2024, "25000000.00")  # 2023 missing: no below-scale year just before
    kpis = await _kpis(client, keys, 2024)
    assert kpis["A4.pool"]["actual"] == 1
    assert (await _kpis(client, keys, 2023))["A4.pool"]["actual"] == 0


async def test_training_person_times_by_programme(client, keys):
    a, b = await register(client, keys, 721), await register(client, keys, 722)
    for uscc, day in ((a, "2024-03-01"), (a, "2024-07-01"), (b, "2024-12-31")):
        await _service(
            client, keys, uscc, kind="training", occurred_on=day, participants=40, programme="policy_lecture"
        )
    await _service(
        client, keys, a, kind="training", occurred_on="2025-01-01", participants=40, programme="policy_lecture"
    )  # next year
    await _service(
        client, keys, b, kind="training", occurred_on="2024-05-01", participants=12, programme="entrepreneur_programme"
    )
    await _service(
        client, keys, b, kind="training", occurred_on="2024-05-02", participants=3, programme="leading_talent_programme"
    )
    kpis = await _kpis(client, keys, 2024)
    # 3 lectures × 40 person-times = 120
    assert (kpis["A8.lectures"]["actual"], kpis["A8.lectures"]["unit"]) == (120, "person-times")
    assert kpis["A8.entrepreneurs"]["actual"] == 12 and kpis["A8.leading_talent"]["actual"] == 3


async def test_health_checks_count_distinct_enterprises_over_three_years(client, keys):
    a, b, c, d = [await register(client, keys, serial) for serial in range(731, 735)]
    for uscc in (a, b, c, d):  # A12 counts growth-pool members and 专精特新 enterprises: all four are pooled
        joined = await client.post(
            "/v1/pools/growth_small_micro/members",
            headers=keys.headers("writer"),
            json={"uscc": uscc, "joined_on": "2021-01-01"},
        )
        assert joined.status_code == 201, joined.text
    for uscc, day in ((a, "2022-01-01"), (a, "2024-12-31"), (b, "2023-05-05"), (c, "2021-12-31"), (d, "2025-01-01")):
        await _service(client, keys, uscc, kind="health_check", occurred_on=day, report_ref=f"体检-{uscc[-4:]}-{day}")
    # window for 2024 is 2022-2024: a (twice, counted once) and b → 2; c is 2021, d is 2025
    a12 = (await _kpis(client, keys, 2024))["A12"]
    assert (a12["actual"], a12["target"], a12["period"], a12["met"]) == (2, 100, "2022-2024", False)
    # window for 2025 is 2023-2025: a (2024), b, d → 3
    assert (await _kpis(client, keys, 2025))["A12"]["actual"] == 3


async def test_target_met_at_exactly_ten(client, keys):
    # A1.target: "at least 10" newly cultivated a year — 9 is short, 10 meets it.
    codes = [await register(client, keys, serial) for serial in range(741, 751)]
    for day, uscc in enumerate(codes[:9], start=1):
        await grant(client, keys, uscc, recognized_on=f"2024-02-{day:02d}")
    nine = (await _kpis(client, keys, 2024))["A1.target"]
    await grant(client, keys, codes[9], recognized_on="2024-02-10")
    ten = (await _kpis(client, keys, 2024))["A1.target"]
    assert (nine["actual"], nine["met"]) == (9, False)
    assert (ten["actual"], ten["met"]) == (10, True)
