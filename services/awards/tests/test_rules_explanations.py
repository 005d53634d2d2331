"""Every eligible decision explains itself (STYLE 5, issue: "the rule id, the inputs it read, the
parameters it read (with their valid_from), the formula with the numbers filled in, and any cap
applied"), so that its amount can be checked by hand against the policy text. Pure, no I/O."""

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
USCC = "91150105MA0Q4LJX27"
MUNICIPAL = RecognitionFact("municipal_zjtx", date(2024, 6, 18), date(2027, 6, 18))
NATIONAL = RecognitionFact("national_little_giant", date(2023, 7, 14), date(2026, 7, 14))
FACTS = EnterpriseFacts(
    uscc=USCC,
    district_code="150105",
    cluster="agri_food",
    recognitions=(MUNICIPAL, NATIONAL),
    scale_years={2021: False, 2022: True, 2023: True, 2024: True},
)
MOVED = RelocationFact(date(2024, 3, 1), "北京市海淀区", "110108")

# rule → (decision, the parameters it must name, the last formula line, the cap line or None)
CASES = {
    "A1.1": (
        lambda: municipal_recognition_award(FACTS, MUNICIPAL, P),
        {"policy_in_force_from.value", "municipal_recognition_award.amount"},
        "one-time award for a new municipal recognition = 200,000.00",
        None,
    ),
    "A1.2": (
        lambda: national_little_giant_award(FACTS, NATIONAL, P),
        {"policy_in_force_from.value", "national_little_giant_award.amount"},
        "one-time award for a new national little giant = 500,000.00",
        None,
    ),
    "A1.3": (
        lambda: relocation_award(FACTS, MOVED, P),
        {"policy_in_force_from.value", "relocation_award.amount"},
        "one-time award for a national little giant moving into Hohhot = 500,000.00",
        None,
    ),
    "A1.park": (
        lambda: park_plaque(
            park_id=uuid.UUID(int=7), park_name="园区", qualified_on=date(2025, 3, 1), zjtx_count=12, parameters=P
        ),
        {"park_plaque_threshold.value"},
        "12 ≥ 10: the plaque “专精特新园区” (non-monetary)",
        None,
    ),
    "A2.1": (
        # 5% × (8,000,000.00 − 5,000,000.00) = 150,000.00
        lambda: supply_award(
            FACTS,
            year=2024,
            supply_fen=800_000_000,
            previous_year_supply_fen=500_000_000,
            buyer_cluster="agri_food",
            own_product=True,
            parameters=P,
        ),
        {"supply_award.rate", "supply_award.cap"},
        "5% × 3,000,000.00 = 150,000.00",
        "150,000.00 ≤ one-time cap 500,000.00: not capped",
    ),
    "A2.2": (
        # 20% × 3,000,000.00 = 600,000.00 → capped 500,000.00
        lambda: upgrade_award(
            FACTS, project_name="技改", investment_fen=300_000_000, completed_on=date(2025, 5, 31), parameters=P
        ),
        {"upgrade_award.min_investment", "upgrade_award.rate", "upgrade_award.cap"},
        "20% × 3,000,000.00 = 600,000.00",
        "600,000.00 > cap per project 500,000.00: capped at 500,000.00",
    ),
    "A3.rent": (
        # 30% × 4,000,000.00 = 1,200,000.00 → capped 1,000,000.00
        lambda: rent_subsidy(
            FACTS, year=2024, rent_fen=400_000_000, premises_use="research", eligible_years=[2023], parameters=P
        ),
        {"rent_subsidy.years", "rent_subsidy.rate", "rent_subsidy.cap_per_year"},
        "30% × 4,000,000.00 = 1,200,000.00",
        "1,200,000.00 > yearly cap 1,000,000.00: capped at 1,000,000.00",
    ),
    "A4.1": (
        lambda: scale_up_award(FACTS, reported_year=2024, parameters=P),
        {"scale_up_award.consecutive_years", "scale_up_award.earliest_upgrade_year", "scale_up_award.amount"},
        "below scale in 2021, above scale 2022-2024: one-time award 300,000.00",
        None,
    ),
    "A6.1": (
        # 100% × 12,000.00 = 12,000.00; room 50,000.00
        lambda: trade_fair_subsidy(
            FACTS,
            fair_name="进博会",
            fair_level="national",
            held_on=date(2025, 4, 20),
            booth_fee_fen=1_200_000,
            already_this_year_fen=0,
            parameters=P,
        ),
        {"trade_fair_subsidy.rate", "trade_fair_subsidy.cap_per_year"},
        "left under the yearly cap: 50,000.00 − 0.00 = 50,000.00",
        "12,000.00 ≤ 50,000.00 left of the yearly cap: not capped",
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_an_eligible_decision_explains_itself(rule):
    decide, parameter_names, last_formula, cap = CASES[rule]
    decision = decide()
    assert decision.eligible, decision.reason
    explanation = decision.as_dict()["explanation"]
    assert explanation["rule"] == rule
    # The article's sentence, from the parameter file, so the figure can be found in the policy text: that
    # of the rule's own parameters, never the policy's first day (read by most, filed under A1.1).
    assert explanation["article"]
    assert explanation["article"] == next(
        p["article"]
        for p in explanation["parameters"]
        if p["rule"] == rule and not p["name"].startswith("policy_in_force_from")
    )
    assert explanation["inputs"]["uscc" if rule != "A1.park" else "park_id"]
    reads = {p["name"]: p for p in explanation["parameters"]}
    assert parameter_names <= set(reads)
    for read in reads.values():
        # Every value in the shipped file is in force from the policy's first day.
        assert read["valid_from"] == "2022-01-01"
        assert read["rule"] in (rule, "A1.1")  # policy_in_force_from is filed under A1.1
        assert read["value"] != ""
    assert explanation["formula"][-1] == last_formula
    assert explanation["caps"] == ([cap] if cap else [])
    assert explanation["reasons"] == []
    assert decision.as_dict()["parameters_version"] == P.version


def test_parameter_values_are_shown_as_written():
    decision = upgrade_award(
        FACTS, project_name="技改", investment_fen=100_000_000, completed_on=date(2025, 5, 31), parameters=P
    )
    values = {p["name"]: p["value"] for p in decision.as_dict()["explanation"]["parameters"]}
    assert values == {
        "policy_in_force_from.value": "2022-01-01",
        "upgrade_award.min_investment": "1000000.00",
        "upgrade_award.rate": "0.20",
        "upgrade_award.cap": "500000.00",
    }


def test_a_refusal_explains_why():
    decision = upgrade_award(
        FACTS, project_name="技改", investment_fen=99_999_999, completed_on=date(2025, 5, 31), parameters=P
    )
    explanation = decision.as_dict()["explanation"]
    assert (decision.as_dict()["eligible"], decision.as_dict()["amount"]) == (False, "0.00")
    assert explanation["reasons"] == ["investment 999,999.99 is below 1,000,000.00"]
    assert explanation["inputs"]["investment_amount"] == "999,999.99"
