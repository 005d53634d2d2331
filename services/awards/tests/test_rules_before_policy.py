"""RULES, "Before the policy": a fact dated before 2022-01-01 is recorded like any other; every rule that
needs the policy in force refuses it with the code `before_policy` and a reason, never an exception (a
500 through the API). Pure, no I/O."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from zjtx.awards.definition import AWARDS
from zjtx.awards.rules.facts import EnterpriseFacts, RecognitionFact, RelocationFact
from zjtx.awards.rules.premises import rent_subsidy
from zjtx.awards.rules.recognition import (
    municipal_recognition_award,
    national_little_giant_award,
    park_plaque,
    relocation_award,
)
from zjtx.awards.rules.scale_up import scale_up_award
from zjtx.awards.rules.supply import supply_award, upgrade_award
from zjtx.awards.rules.trade_fair import trade_fair_subsidy

P = AWARDS.load_parameters()
EVE = date(2021, 12, 31)  # the day before the policy
MUNICIPAL = RecognitionFact("municipal_zjtx", EVE, date(2024, 12, 31))
NATIONAL = RecognitionFact("national_little_giant", EVE, date(2024, 12, 31))
GIANT = RecognitionFact("region_little_giant", date(2020, 1, 1), date(2026, 1, 1))
FACTS = EnterpriseFacts(
    uscc="91150105MA0Q4LJX27",
    district_code="150105",
    cluster="agri_food",
    recognitions=(MUNICIPAL, NATIONAL, GIANT),
    scale_years={2018: False, 2019: True, 2020: True, 2021: True},
)

CASES = {
    "A1.1": lambda: municipal_recognition_award(FACTS, MUNICIPAL, P),
    "A1.2": lambda: national_little_giant_award(FACTS, NATIONAL, P),
    "A1.3": lambda: relocation_award(FACTS, RelocationFact(EVE, "北京", "110108"), P),
    "A1.park": lambda: park_plaque(
        park_id=uuid.uuid4(), park_name="园区", qualified_on=EVE, zjtx_count=12, parameters=P
    ),
    "A2.1": lambda: supply_award(
        FACTS,
        year=2021,
        supply_fen=800_000_000,
        previous_year_supply_fen=500_000_000,
        buyer_cluster="agri_food",
        own_product=True,
        parameters=P,
    ),
    "A2.2": lambda: upgrade_award(
        FACTS, project_name="技改", investment_fen=300_000_000, completed_on=EVE, parameters=P
    ),
    "A3.rent": lambda: rent_subsidy(
        FACTS, year=2021, rent_fen=100_000_000, premises_use="production", eligible_years=[2021], parameters=P
    ),
    "A4.1": lambda: scale_up_award(FACTS, reported_year=2021, parameters=P),
    "A6.1": lambda: trade_fair_subsidy(
        FACTS,
        fair_name="进博会",
        fair_level="national",
        held_on=EVE,
        booth_fee_fen=3_000_000,
        already_this_year_fen=0,
        parameters=P,
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_every_rule_refuses_the_day_before_the_policy_with_before_policy(rule):
    decision = CASES[rule]()
    assert (decision.rule, decision.eligible, decision.amount_fen) == (rule, False, 0)
    assert decision.reason_code == "before_policy"
    assert "before the policy applies (2022-01-01)" in decision.reason
