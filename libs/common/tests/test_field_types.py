"""The field types requests share: a credit code's shape (the schema's pattern) beside its check
character (normalise_uscc), dates and years of a body within the platform's calendar, and the names of
the sectors and tiers the descriptions show, equal to the facts."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from zjtx.common.dates import CalendarDay, CalendarYear
from zjtx.common.events.registry import SECTORS, Tier
from zjtx.common.parameters import TIERS
from zjtx.common.reference import SECTOR_NAMES, TIER_NAMES, describe_codes
from zjtx.common.uscc import USCC_PATTERN, InvalidUSCC, Uscc, normalise_uscc
from zjtx.common.workflow import DisburseBody, RecoveryBody

FACTS = Path(__file__).resolve().parents[3].parent / "shared" / "policy" / "facts"


class Body(BaseModel):
    uscc: Uscc
    on: CalendarDay
    year: CalendarYear


def test_the_pattern_takes_valid_codes_and_the_check_character_is_left_to_the_normaliser():
    # reference.md: 914403001922038217 is 914403001922038216 with its check character altered.
    for code in ("91310110666007217T", "914403001922038216", "91350211M00013FA1N", "914403001922038217"):
        assert re.match(USCC_PATTERN, code), code
    with pytest.raises(InvalidUSCC, match="check character should be 6"):
        normalise_uscc("914403001922038217")
    for code in (
        "91310110666007217t",
        "9131011066600721T",
        "91310110666007217TT",
        "9I310110666007217T",
        "91AB0110666007217T",
    ):
        assert not re.match(USCC_PATTERN, code), code


def test_a_body_refuses_a_code_of_the_wrong_shape_and_a_date_or_year_outside_the_calendar():
    assert Body(uscc="91310110666007217T", on=date(2099, 12, 31), year=1949).year == 1949
    for wrong in (
        {"uscc": "91310110666007217t", "on": "2025-01-01", "year": 2025},
        {"uscc": "91310110666007217T", "on": "1949-09-30", "year": 2025},
        {"uscc": "91310110666007217T", "on": "2100-01-01", "year": 2025},
        {"uscc": "91310110666007217T", "on": "2025-01-01", "year": 2100},
        {"uscc": "91310110666007217T", "on": "2025-01-01", "year": 0},
        {"uscc": "91310110666007217T", "on": 0, "year": 2025},  # not seconds since 1970
        {"uscc": "91310110666007217T", "on": "2025-01-01T00:00:00", "year": 2025},
    ):
        with pytest.raises(ValidationError):
            Body.model_validate(wrong)


def test_the_schema_says_the_pattern_the_check_character_and_the_calendar():
    properties = Body.model_json_schema()["properties"]
    assert properties["uscc"]["pattern"] == USCC_PATTERN
    assert "check character" in properties["uscc"]["description"]
    assert "1949-10-01 to 2099-12-31" in properties["on"]["description"]
    assert (properties["year"]["minimum"], properties["year"]["maximum"]) == (1949, 2099)


def test_the_sector_and_tier_names_cover_every_code():
    assert tuple(SECTOR_NAMES) == SECTORS
    assert set(TIER_NAMES) == set(TIERS) == set(Tier.__args__)
    assert describe_codes({"agri_food": "绿色农畜产品加工"}) == "`agri_food` 绿色农畜产品加工"


@pytest.mark.skipif(not FACTS.is_dir(), reason="shared/policy/facts is not beside this checkout")
def test_the_sector_names_are_those_of_the_facts():
    table = dict(re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|", (FACTS / "reference.md").read_text(), re.MULTILINE))
    for code, name in SECTOR_NAMES.items():
        # The facts add what industry covers: 工业 (采矿、制造、电力热力燃气及水).
        assert table[code] == name or (code == "industry" and table[code].startswith(f"{name} (")), code


@pytest.mark.parametrize("paid_on", [20250101, "2025-01-01T00:00:00", "9999-12-31", "1900-01-01"])
def test_the_workflows_payment_and_recovery_days_are_calendar_days(paid_on):
    with pytest.raises(ValidationError):
        DisburseBody(payment_reference="国库支付 2025-001", paid_on=paid_on)
    with pytest.raises(ValidationError):
        RecoveryBody(recovery_reference="缴款书 2025-001", recovered_on=paid_on)
    assert DisburseBody(payment_reference="x", paid_on="2025-01-02").paid_on == date(2025, 1, 2)
