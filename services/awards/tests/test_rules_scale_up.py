"""A4.1 (小升规): pure rule tests, no I/O.

Policy, article 4: "对“小升规”后连续3年不退规的中小企业，给予一次性奖励30万元". RULES decision: a
below-scale year reported before; the first above-scale year is the first of the three, so the award
falls due when the third consecutive one is reported; a below-scale year in between restarts the
count; the upgrade year is 2022 or later."""

from __future__ import annotations

from datetime import date

from zjtx.awards.definition import AWARDS
from zjtx.awards.rules.facts import EnterpriseFacts
from zjtx.awards.rules.scale_up import scale_up_award

PARAMETERS = AWARDS.load_parameters()
USCC = "91150105MA0Q4LJX27"
BELOW, ABOVE = False, True


def decide(reported_year: int, **years: bool):
    facts = EnterpriseFacts(
        uscc=USCC, district_code="150105", scale_years={int(y.removeprefix("y")): v for y, v in years.items()}
    )
    return scale_up_award(facts, reported_year=reported_year, parameters=PARAMETERS)


def test_three_above_scale_years_after_a_below_scale_year():
    # Below 2021; above 2022, 2023, 2024: upgrade year 2022 ≥ 2022, run 2022-2024 = 3 years
    # → one-time 300,000.00, on the reporting of 2024 (reference date 2024-12-31).
    decision = decide(2024, y2021=BELOW, y2022=ABOVE, y2023=ABOVE, y2024=ABOVE)
    assert decision.eligible
    assert decision.amount_fen == 30_000_000
    assert decision.reference_date == date(2024, 12, 31)
    assert decision.dedup_key == f"A4.1:{USCC}"
    assert decision.explanation.steps == [
        "consecutive above-scale years 2022-2024: 3",
        "below scale in 2021, above scale 2022-2024: one-time award 300,000.00",
    ]


def test_two_above_scale_years_are_not_yet_enough():
    # Below 2021; above 2022, 2023: a run of 2 < 3.
    decision = decide(2023, y2021=BELOW, y2022=ABOVE, y2023=ABOVE)
    assert not decision.eligible
    assert decision.amount_fen == 0
    assert decision.reason == "2 consecutive above-scale year(s); the award needs 3"


def test_a_below_scale_year_in_between_restarts_the_count():
    # Below 2021, above 2022, below 2023, above 2024, 2025: the run restarted in 2024 and has 2 years.
    years = {"y2021": BELOW, "y2022": ABOVE, "y2023": BELOW, "y2024": ABOVE, "y2025": ABOVE}
    decision = decide(2025, **years)
    assert not decision.eligible
    assert decision.reason == "2 consecutive above-scale year(s); the award needs 3"
    # Above 2026 too: 2024-2026 is 3 years after the below-scale 2023 → 300,000.00 at 2026-12-31.
    later = decide(2026, **years, y2026=ABOVE)
    assert (later.eligible, later.amount_fen, later.reference_date) == (True, 30_000_000, date(2026, 12, 31))


def test_never_below_scale_is_not_a_move_above_scale():
    # Above 2022, 2023, 2024 but no below-scale year reported: it did not "升规", it was always there.
    decision = decide(2024, y2022=ABOVE, y2023=ABOVE, y2024=ABOVE)
    assert not decision.eligible
    assert decision.reason == "no below-scale year reported before 2022: not a move above scale"


def test_an_upgrade_in_2021_is_before_the_policy():
    # Below 2020, above 2021-2023: upgrade year 2021 < earliest_upgrade_year 2022 → nothing, now or later.
    years = {"y2020": BELOW, "y2021": ABOVE, "y2022": ABOVE, "y2023": ABOVE}
    decision = decide(2023, **years)
    assert not decision.eligible
    assert decision.reason == "moved above scale in 2021, before 2022"
    assert not decide(2024, **years, y2024=ABOVE).eligible


def test_a_year_before_the_policy_is_refused_not_an_error():
    # Reporting 2021 (reference date 2021-12-31): no A4.1 parameter is in force before 2022-01-01,
    # which means the policy did not apply; the rule says so instead of raising.
    decision = decide(2021, y2020=BELOW, y2021=ABOVE)
    assert not decision.eligible
    assert decision.reason == "2021-12-31 is before the policy applies (2022-01-01)"


def test_a_below_scale_report_year_is_refused():
    decision = decide(2024, y2021=BELOW, y2022=ABOVE, y2023=ABOVE, y2024=BELOW)
    assert not decision.eligible
    assert decision.reason == "2024 is below scale"


def test_a_gap_in_the_reports_is_not_a_below_scale_year():
    # Below 2020, 2021 not reported, above 2022-2024: the year before the run is unknown, not below.
    decision = decide(2024, y2020=BELOW, y2022=ABOVE, y2023=ABOVE, y2024=ABOVE)
    assert not decision.eligible
    assert decision.reason == "no below-scale year reported before 2022: not a move above scale"
