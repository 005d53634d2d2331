"""The registry's pure rules against its shipped parameters: size classes (中小企业划型), above scale
(A4.1) and inspection flags (A13). No I/O beyond reading the parameter file once."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.registry.definition import REGISTRY
from zjtx.registry.enterprise.rules import above_scale, is_sme, size_class
from zjtx.registry.inspection.rules import InspectionFacts, inspection_flags

PARAMETERS = REGISTRY.load_parameters()
ON = date(2025, 9, 1)


def fen(yuan: str) -> int:
    whole, _, cents = yuan.replace(",", "").partition(".")
    return int(whole) * 100 + int(cents or 0)


def size(sector: str, employees: int, revenue: str) -> str:
    verdict = size_class(
        sector=sector, employees=employees, revenue_fen=fen(revenue), assets_fen=None, on=ON, parameters=PARAMETERS
    )
    return verdict.size_class


@pytest.mark.parametrize(
    "employees, revenue, expected",
    [
        # small: ≥20 staff AND ≥3,000,000 (以上 includes the figure)
        (20, "3,000,000.00", "small"),
        (20, "2,999,999.99", "micro"),  # one fen short of the revenue floor
        (19, "3,000,000.00", "micro"),  # one person short of the staff floor
        # medium: ≥300 AND ≥20,000,000
        (300, "20,000,000.00", "medium"),
        (299, "20,000,000.00", "small"),
        (300, "19,999,999.99", "small"),
        # large: ≥1,000 AND ≥400,000,000
        (1000, "400,000,000.00", "large"),
        (999, "400,000,000.00", "medium"),
        (1000, "399,999,999.99", "medium"),
        # many staff, little revenue: revenue decides (micro = <20 staff OR <3,000,000)
        (5000, "2,999,999.99", "micro"),
    ],
)
def test_industry_size_classes(employees, revenue, expected):
    assert size("industry", employees, revenue) == expected


@pytest.mark.parametrize(
    "employees, revenue, expected",
    [
        (10, "500,000.00", "small"),
        (9, "500,000.00", "micro"),
        (10, "499,999.99", "micro"),
        (100, "10,000,000.00", "medium"),
        (99, "10,000,000.00", "small"),
        (100, "9,999,999.99", "small"),
        (300, "100,000,000.00", "large"),
        (299, "100,000,000.00", "medium"),
        (300, "99,999,999.99", "medium"),
    ],
)
def test_software_size_classes(employees, revenue, expected):
    assert size("software", employees, revenue) == expected


@pytest.mark.parametrize(
    "employees, revenue, expected",
    [
        (5, "10,000,000.00", "small"),
        (4, "10,000,000.00", "micro"),
        (5, "9,999,999.99", "micro"),
        (20, "50,000,000.00", "medium"),
        (19, "50,000,000.00", "small"),
        (20, "49,999,999.99", "small"),
        (200, "400,000,000.00", "large"),
        (199, "400,000,000.00", "medium"),
        (200, "399,999,999.99", "medium"),
    ],
)
def test_wholesale_size_classes(employees, revenue, expected):
    assert size("wholesale", employees, revenue) == expected


@pytest.mark.parametrize(
    "employees, revenue, expected",
    [
        (10, "1,000,000.00", "small"),
        (9, "1,000,000.00", "micro"),
        (10, "999,999.99", "micro"),
        (50, "5,000,000.00", "medium"),
        (49, "5,000,000.00", "small"),
        (50, "4,999,999.99", "small"),
        (300, "200,000,000.00", "large"),
        (299, "200,000,000.00", "medium"),
        (300, "199,999,999.99", "medium"),
    ],
)
def test_retail_size_classes(employees, revenue, expected):
    assert size("retail", employees, revenue) == expected


@pytest.mark.parametrize(
    "employees, expected",
    [
        (9, "micro"),
        (10, "small"),
        (99, "small"),
        (100, "medium"),
        (299, "medium"),
        (300, "large"),
    ],
)
def test_other_sectors_by_staff_alone(employees, expected):
    # Unlisted sectors: revenue plays no part, so zero revenue and a billion give the same class.
    assert size("other", employees, "0.00") == expected
    assert size("other", employees, "1,000,000,000.00") == expected


def test_only_large_is_not_an_sme():
    assert [is_sme(s) for s in ("large", "medium", "small", "micro")] == [False, True, True, True]


def test_a_date_before_the_2011_standard_is_classed_by_the_earliest_on_record_and_says_so():
    # An enterprise registered in 2005 has facts from 2005: classed, not refused (and never a 500), by the
    # 2011 floors: 20 staff and 3,000,000.00 → small.
    verdict = size_class(
        sector="industry",
        employees=20,
        revenue_fen=fen("3,000,000.00"),
        assets_fen=None,
        on=date(2011, 6, 17),
        parameters=PARAMETERS,
    )
    assert verdict.size_class == "small"
    assert (
        verdict.explanation.steps[0] == "no standard on record before 2011-06-18: the earliest, of 2011-06-18, applied"
    )


@pytest.mark.parametrize(
    "revenue, expected",
    [
        ("20,000,000.00", True),  # A4.1: ≥ 20,000,000 — the threshold itself is above scale
        ("19,999,999.99", False),  # one fen below
        ("20,000,000.01", True),
    ],
)
def test_industry_above_scale_boundary(revenue, expected):
    verdict = above_scale(
        sector="industry", revenue_fen=fen(revenue), year=2024, qualified_by_licence=None, parameters=PARAMETERS
    )
    assert verdict.above_scale is expected
    assert verdict.threshold_fen == 2_000_000_000  # 20,000,000 yuan × 100


def test_retail_above_scale_uses_its_own_threshold():
    def retail(revenue: str) -> bool:
        verdict = above_scale(
            sector="retail", revenue_fen=fen(revenue), year=2024, qualified_by_licence=None, parameters=PARAMETERS
        )
        return verdict.above_scale

    assert retail("5,000,000.00")
    assert not retail("4,999,999.99")


def test_construction_goes_by_licence_not_revenue():
    # Construction and real estate: 规上 by licence (资质); the revenue, however high, does not decide.
    licensed = above_scale(
        sector="construction", revenue_fen=fen("1,000.00"), year=2024, qualified_by_licence=True, parameters=PARAMETERS
    )
    unlicensed = above_scale(
        sector="real_estate",
        revenue_fen=fen("900,000,000.00"),
        year=2024,
        qualified_by_licence=False,
        parameters=PARAMETERS,
    )
    assert (licensed.above_scale, licensed.threshold_fen) == (True, None)
    assert unlicensed.above_scale is False
    assert licensed.explanation.steps == ["construction goes by licence: qualified: above scale"]


# -- A13 ----------------------------------------------------------------------------------------

ENDED = date(2025, 3, 10)  # + 20 days = 2025-03-30, the last day to publish (A13.2)


def flags(
    *, earlier: int = 0, published: date | None = ENDED, special: bool = False, today: date = ON, ended: date = ENDED
) -> list[str]:
    facts = InspectionFacts("安全生产", ended, published, special)
    return [
        f.rule
        for f in inspection_flags(facts, earlier_same_type_this_year=earlier, today=today, parameters=PARAMETERS).flags
    ]


def test_first_inspection_of_a_type_in_a_year_is_not_flagged():
    assert flags(earlier=0) == []


def test_second_same_type_inspection_in_a_year_is_flagged():
    facts = InspectionFacts("安全生产", ENDED, ENDED, False)
    [flag] = inspection_flags(facts, earlier_same_type_this_year=1, today=ON, parameters=PARAMETERS).flags
    assert flag.rule == "A13.1"
    assert flag.message == "inspection number 2 of type '安全生产' in 2025; at most 1 a year"


def test_special_sector_is_exempt_from_the_yearly_limit():
    assert flags(earlier=3, special=True) == []


def test_published_on_day_20_is_on_time():
    assert flags(published=date(2025, 3, 30)) == []


def test_published_on_day_21_is_late():
    facts = InspectionFacts("安全生产", ENDED, date(2025, 3, 31), False)
    [flag] = inspection_flags(facts, earlier_same_type_this_year=0, today=ON, parameters=PARAMETERS).flags
    assert (flag.rule, flag.message) == ("A13.2", "results published 21 days after the inspection ended; limit 20")


def test_unpublished_after_21_days_is_flagged():
    assert flags(published=None, today=date(2025, 3, 31)) == ["A13.2"]


def test_unpublished_at_20_days_is_not_yet_flagged():
    assert flags(published=None, today=date(2025, 3, 30)) == []


def test_both_flags_at_once():
    assert flags(earlier=1, published=date(2025, 4, 30)) == ["A13.1", "A13.2"]


def test_twenty_days_across_a_leap_february():
    # 2024-02-20 + 20 days: 9 days to 29 Feb, then 11 into March → 2024-03-11 is the last day.
    assert flags(ended=date(2024, 2, 20), published=date(2024, 3, 11)) == []
    assert flags(ended=date(2024, 2, 20), published=date(2024, 3, 12)) == ["A13.2"]


# -- explanations ---------------------------------------------------------------------------------


def test_a_size_class_explains_each_floor_it_checked():
    # reference.md's example: industry, 120 staff, revenue 50,000,000 → small, because 120 < 300 (the
    # medium staff floor) though the revenue clears every floor but large's 400,000,000.
    verdict = size_class(
        sector="industry",
        employees=120,
        revenue_fen=fen("50,000,000.00"),
        assets_fen=None,
        on=ON,
        parameters=PARAMETERS,
    )
    explanation = verdict.explanation.as_dict()
    assert verdict.size_class == "small" and verdict.is_sme
    assert explanation["formula"] == [
        "large: staff 120 < 1000, revenue 50,000,000.00 < 400,000,000.00: not met",
        "medium: staff 120 < 300, revenue 50,000,000.00 ≥ 20,000,000.00: not met",
        "small: staff 120 ≥ 20, revenue 50,000,000.00 ≥ 3,000,000.00: met",
    ]
    assert [(p["name"], p["value"]) for p in explanation["parameters"]][:2] == [
        ("size_classes.sectors.industry.large.employees", "1000"),
        ("size_classes.sectors.industry.large.revenue", "400000000.00"),
    ]
    assert explanation["article"].startswith("中小企业划型标准规定")
    assert explanation["inputs"] == {
        "sector": "industry",
        "employees": 120,
        "revenue": "50,000,000.00",
        "total_assets": None,
    }


def test_above_scale_explains_its_threshold():
    verdict = above_scale(
        sector="industry", revenue_fen=fen("20,000,000.00"), year=2024, qualified_by_licence=None, parameters=PARAMETERS
    )
    explanation = verdict.explanation.as_dict()
    assert explanation["formula"] == ["20,000,000.00 ≥ 20,000,000.00: above scale"]
    assert [(p["name"], p["value"], p["rule"]) for p in explanation["parameters"]] == [
        ("above_scale.thresholds.industry", "20000000.00", "A4.1")
    ]


def test_inspection_flags_explain_the_deadline_and_the_count():
    facts = InspectionFacts("安全生产", ENDED, date(2025, 3, 31), False)
    check = inspection_flags(facts, earlier_same_type_this_year=1, today=ON, parameters=PARAMETERS)
    assert [f.rule for f in check.flags] == ["A13.1", "A13.2"]
    assert check.explanation.as_dict()["formula"] == [
        "A13.1: inspection number 2 of its type in 2025; at most 1",
        "A13.2: results due by 2025-03-30 (2025-03-10 + 20 days)",
    ]
