"""Enterprise size (中小企业划型标准规定, 工信部联企业〔2011〕300号) in all sixteen sectors of
shared/policy/facts/reference.md, against the shipped parameters: for every sector, at each floor
(large, medium, small) and one unit below it on each of the sector's measures. Pure, no I/O.

The table below is copied by hand from reference.md; the expectations follow the standard's reading:
every measure at a class's floor gives that class; one person, or one fen, below the floor on any
measure gives the class below it (micro under small)."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.registry.definition import REGISTRY
from zjtx.registry.enterprise.rules import size_class

PARAMETERS = REGISTRY.load_parameters()
ON = date(2025, 9, 1)

# sector -> class -> {measure: floor}; staff in persons, revenue and assets in yuan (reference.md).
TABLE: dict[str, dict[str, dict[str, int]]] = {
    "agriculture": {
        "large": {"revenue": 200_000_000},
        "medium": {"revenue": 5_000_000},
        "small": {"revenue": 500_000},
    },
    "industry": {
        "large": {"staff": 1000, "revenue": 400_000_000},
        "medium": {"staff": 300, "revenue": 20_000_000},
        "small": {"staff": 20, "revenue": 3_000_000},
    },
    "construction": {
        "large": {"revenue": 800_000_000, "assets": 800_000_000},
        "medium": {"revenue": 60_000_000, "assets": 50_000_000},
        "small": {"revenue": 3_000_000, "assets": 3_000_000},
    },
    "wholesale": {
        "large": {"staff": 200, "revenue": 400_000_000},
        "medium": {"staff": 20, "revenue": 50_000_000},
        "small": {"staff": 5, "revenue": 10_000_000},
    },
    "retail": {
        "large": {"staff": 300, "revenue": 200_000_000},
        "medium": {"staff": 50, "revenue": 5_000_000},
        "small": {"staff": 10, "revenue": 1_000_000},
    },
    "transport": {
        "large": {"staff": 1000, "revenue": 300_000_000},
        "medium": {"staff": 300, "revenue": 30_000_000},
        "small": {"staff": 20, "revenue": 2_000_000},
    },
    "warehousing": {
        "large": {"staff": 200, "revenue": 300_000_000},
        "medium": {"staff": 100, "revenue": 10_000_000},
        "small": {"staff": 20, "revenue": 1_000_000},
    },
    "postal": {
        "large": {"staff": 1000, "revenue": 300_000_000},
        "medium": {"staff": 300, "revenue": 20_000_000},
        "small": {"staff": 20, "revenue": 1_000_000},
    },
    "accommodation": {
        "large": {"staff": 300, "revenue": 100_000_000},
        "medium": {"staff": 100, "revenue": 20_000_000},
        "small": {"staff": 10, "revenue": 1_000_000},
    },
    "catering": {
        "large": {"staff": 300, "revenue": 100_000_000},
        "medium": {"staff": 100, "revenue": 20_000_000},
        "small": {"staff": 10, "revenue": 1_000_000},
    },
    "information_transmission": {
        "large": {"staff": 2000, "revenue": 1_000_000_000},
        "medium": {"staff": 100, "revenue": 10_000_000},
        "small": {"staff": 10, "revenue": 1_000_000},
    },
    "software": {
        "large": {"staff": 300, "revenue": 100_000_000},
        "medium": {"staff": 100, "revenue": 10_000_000},
        "small": {"staff": 10, "revenue": 500_000},
    },
    "real_estate": {
        "large": {"revenue": 2_000_000_000, "assets": 100_000_000},
        "medium": {"revenue": 10_000_000, "assets": 50_000_000},
        "small": {"revenue": 1_000_000, "assets": 20_000_000},
    },
    "property_management": {
        "large": {"staff": 1000, "revenue": 50_000_000},
        "medium": {"staff": 300, "revenue": 10_000_000},
        "small": {"staff": 100, "revenue": 5_000_000},
    },
    "leasing_business": {
        "large": {"staff": 300, "assets": 1_200_000_000},
        "medium": {"staff": 100, "assets": 80_000_000},
        "small": {"staff": 10, "assets": 1_000_000},
    },
    "other": {
        "large": {"staff": 300},
        "medium": {"staff": 100},
        "small": {"staff": 10},
    },
}
BELOW = {"large": "medium", "medium": "small", "small": "micro"}


def _classify(sector: str, staff: int, revenue_fen: int, assets_fen: int | None) -> str:
    return size_class(
        sector=sector, employees=staff, revenue_fen=revenue_fen, assets_fen=assets_fen, on=ON, parameters=PARAMETERS
    ).size_class


def _cases():
    """(sector, staff, revenue in fen, assets in fen or None, expected class) for each floor and one below."""
    for sector, floors in TABLE.items():
        for size, floor in floors.items():
            # The measures a sector does not use take values that cannot matter: no staff, no revenue,
            # no assets given.
            staff = floor.get("staff", 0)
            revenue = floor.get("revenue", 0) * 100
            assets = floor["assets"] * 100 if "assets" in floor else None
            yield pytest.param(sector, staff, revenue, assets, size, id=f"{sector}-{size}-at-floor")
            if "staff" in floor:  # one person short
                yield pytest.param(sector, staff - 1, revenue, assets, BELOW[size], id=f"{sector}-{size}-staff-1")
            if "revenue" in floor:  # one fen short
                yield pytest.param(sector, staff, revenue - 1, assets, BELOW[size], id=f"{sector}-{size}-revenue-0.01")
            if "assets" in floor:
                yield pytest.param(sector, staff, revenue, assets - 1, BELOW[size], id=f"{sector}-{size}-assets-0.01")


@pytest.mark.parametrize(("sector", "staff", "revenue_fen", "assets_fen", "expected"), list(_cases()))
def test_each_sector_at_each_floor_and_one_below(sector, staff, revenue_fen, assets_fen, expected):
    assert _classify(sector, staff, revenue_fen, assets_fen) == expected


def test_every_sector_of_the_standard_is_in_the_parameters():
    assert sorted(PARAMETERS.in_force("size_classes", ON).body["sectors"]) == sorted(TABLE)


@pytest.mark.parametrize(
    ("sector", "staff", "revenue", "assets", "expected"),
    [
        # reference.md's examples. Industry, 120 staff, 50,000,000: staff 120 < 300 (medium) → small.
        ("industry", 120, 50_000_000, None, "small"),
        # Agriculture, 400 staff, 1,000,000: revenue alone decides; 1,000,000 ≥ 500,000 and < 5,000,000.
        ("agriculture", 400, 1_000_000, None, "small"),
        # Construction, revenue 70,000,000 ≥ 60,000,000 but assets 40,000,000 < 50,000,000 → small.
        ("construction", 0, 70_000_000, 40_000_000, "small"),
        # A farm of 5,000 people and 199,999,999 revenue: not large (revenue < 200,000,000) → medium.
        ("agriculture", 5000, 199_999_999, None, "medium"),
        # Leasing: staff 300 ≥ 300 and assets 1,200,000,000 ≥ 1,200,000,000 → large, whatever the revenue.
        ("leasing_business", 300, 0, 1_200_000_000, "large"),
    ],
)
def test_the_examples_of_the_reference(sector, staff, revenue, assets, expected):
    assert _classify(sector, staff, revenue * 100, None if assets is None else assets * 100) == expected


def test_the_explanation_names_each_measure_and_floor():
    verdict = size_class(
        sector="construction",
        employees=0,
        revenue_fen=70_000_000_00,
        assets_fen=40_000_000_00,
        on=ON,
        parameters=PARAMETERS,
    )
    assert verdict.explanation.steps == [
        "large: revenue 70,000,000.00 < 800,000,000.00, assets 40,000,000.00 < 800,000,000.00: not met",
        "medium: revenue 70,000,000.00 ≥ 60,000,000.00, assets 40,000,000.00 < 50,000,000.00: not met",
        "small: revenue 70,000,000.00 ≥ 3,000,000.00, assets 40,000,000.00 ≥ 3,000,000.00: met",
    ]
