"""A2.1 (new supply to the six clusters) and A2.2 (technical upgrades): pure rule tests, no I/O.

Policy, article 2: "按其新增配套额的5%、一次性给予不超过50万元的补助" (A2.1) and "对“专精特新”中小企业投资
100万元以上的技改项目，按项目投资额的20%予以补助，最高不超过50万元" (A2.2). "以上" includes the number
itself; amounts are exact to the fen, rounded half-up once at the end (RULES: money)."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.awards.definition import AWARDS
from zjtx.awards.rules.facts import EnterpriseFacts, RecognitionFact
from zjtx.awards.rules.supply import supply_award, upgrade_award
from zjtx.common.money import parse_yuan, yuan_to_fen

PARAMETERS = AWARDS.load_parameters()
USCC = "91150105MA0Q4LJX27"
COMPLETED = date(2025, 5, 31)
# A municipal 专精特新 recognition valid on the completion date (any level will do for A2.2).
MUNICIPAL = RecognitionFact("municipal_zjtx", date(2024, 3, 1), date(2027, 3, 1))


def fen(yuan: str) -> int:
    return yuan_to_fen(parse_yuan(yuan))


def enterprise(*recognitions: RecognitionFact, is_sme: bool = True) -> EnterpriseFacts:
    # No size history: `is_sme` holds on every date.
    return EnterpriseFacts(
        uscc=USCC, district_code="150105", cluster="agri_food", is_sme=is_sme, recognitions=recognitions
    )


def upgrade(investment: str, facts: EnterpriseFacts | None = None, completed_on: date = COMPLETED):
    return upgrade_award(
        facts or enterprise(MUNICIPAL),
        project_name="乳品生产线智能化改造",
        investment_fen=fen(investment),
        completed_on=completed_on,
        parameters=PARAMETERS,
    )


def supply(current: str, previous: str, facts: EnterpriseFacts | None = None):
    return supply_award(
        facts or enterprise(),
        year=2024,
        supply_fen=fen(current),
        previous_year_supply_fen=fen(previous),
        buyer_cluster="agri_food",
        own_product=True,
        parameters=PARAMETERS,
    )


# --- A2.2 ---------------------------------------------------------------------------------------


def test_a2_2_at_the_threshold_is_eligible():
    # "100万元以上" includes 1,000,000.00: 20% × 1,000,000.00 = 200,000.00 ≤ cap 500,000.00.
    decision = upgrade("1000000.00")
    assert decision.eligible
    assert decision.amount_fen == fen("200000.00")
    assert decision.explanation.caps == ["200,000.00 ≤ cap per project 500,000.00: not capped"]


def test_a2_2_one_fen_below_the_threshold_is_not_eligible():
    # 999,999.99 < 1,000,000.00: no subsidy at all, not 20% of it.
    decision = upgrade("999999.99")
    assert not decision.eligible
    assert decision.amount_fen == 0
    assert decision.reason == "investment 999,999.99 is below 1,000,000.00"


def test_a2_2_at_the_cap_is_not_capped():
    # 20% × 2,500,000.00 = 500,000.00 exactly: equal to the cap ("最高不超过"), so not capped.
    decision = upgrade("2500000.00")
    assert decision.amount_fen == fen("500000.00")
    assert decision.explanation.caps == ["500,000.00 ≤ cap per project 500,000.00: not capped"]


def test_a2_2_above_the_cap_is_capped():
    # 20% × 3,000,000.00 = 600,000.00 > 500,000.00 → 500,000.00.
    decision = upgrade("3000000.00")
    assert decision.amount_fen == fen("500000.00")
    assert decision.explanation.steps[-1] == "20% × 3,000,000.00 = 600,000.00"
    assert decision.explanation.caps == ["600,000.00 > cap per project 500,000.00: capped at 500,000.00"]


def test_a2_2_odd_amount_is_exact_to_the_fen():
    # 1,234,567.89 = 123456789 fen; × 0.20 = 24691357.8 fen → half-up 24691358 fen = 246,913.58.
    decision = upgrade("1234567.89")
    assert decision.amount_fen == 24691358
    assert decision.explanation.steps[-1] == "20% × 1,234,567.89 = 246,913.58"


@pytest.mark.parametrize(
    "recognition",
    [
        None,  # never recognised
        RecognitionFact("municipal_zjtx", date(2021, 5, 31), date(2024, 5, 31)),  # expired before completion
        RecognitionFact("municipal_zjtx", date(2025, 6, 1), date(2028, 6, 1)),  # recognised after completion
        RecognitionFact("municipal_zjtx", date(2024, 3, 1), date(2027, 3, 1), revoked_on=date(2025, 1, 10)),
        RecognitionFact("single_champion", date(2024, 3, 1), date(2027, 3, 1)),  # not a 专精特新 level
    ],
)
def test_a2_2_needs_a_valid_zjtx_recognition_on_the_completion_date(recognition):
    # The same 3,000,000.00 project that would get 500,000.00 gets nothing without a 专精特新 recognition.
    facts = enterprise(recognition) if recognition else enterprise()
    decision = upgrade("3000000.00", facts)
    assert not decision.eligible
    assert decision.amount_fen == 0
    assert decision.reason == "no valid 专精特新 recognition (any level) on 2025-05-31"


def test_a2_2_recognition_expiring_on_the_completion_date_is_not_valid_that_day():
    # expires_on is the first day it no longer holds.
    facts = enterprise(RecognitionFact("region_zjtx", date(2022, 5, 31), COMPLETED))
    assert not upgrade("1000000.00", facts).eligible


def test_a2_2_dedup_key_is_per_project():
    # One award per project: the name, normalised for case and spaces, keys it.
    assert upgrade("1000000.00").dedup_key == f"A2.2:{USCC}:乳品生产线智能化改造"


# --- A2.1 ---------------------------------------------------------------------------------------


def test_a2_1_new_supply_of_three_million():
    # new supply = 8,000,000.00 − 5,000,000.00 = 3,000,000.00; 5% × 3,000,000.00 = 150,000.00 ≤ 500,000.00.
    decision = supply("8000000.00", "5000000.00")
    assert decision.eligible
    assert decision.amount_fen == fen("150000.00")
    assert decision.explanation.steps == [
        "an SME on 2024-12-31",
        "new supply = max(0, 8,000,000.00 − 5,000,000.00) = 3,000,000.00",
        "5% × 3,000,000.00 = 150,000.00",
    ]
    assert decision.explanation.caps == ["150,000.00 ≤ one-time cap 500,000.00: not capped"]


def test_a2_1_new_supply_of_twelve_million_is_capped():
    # new supply = 15,000,000.00 − 3,000,000.00 = 12,000,000.00; 5% = 600,000.00 > 500,000.00 → 500,000.00.
    decision = supply("15000000.00", "3000000.00")
    assert decision.amount_fen == fen("500000.00")
    assert decision.explanation.caps == ["600,000.00 > one-time cap 500,000.00: capped at 500,000.00"]


def test_a2_1_new_supply_of_ten_million_reaches_the_cap_exactly():
    # new supply = 10,000,000.00 − 0.00; 5% = 500,000.00, equal to the cap: not capped.
    decision = supply("10000000.00", "0.00")
    assert decision.amount_fen == fen("500000.00")
    assert decision.explanation.caps == ["500,000.00 ≤ one-time cap 500,000.00: not capped"]


@pytest.mark.parametrize(("current", "previous"), [("4000000.00", "5000000.00"), ("5000000.00", "5000000.00")])
def test_a2_1_no_new_supply_is_not_eligible(current, previous):
    # new supply = max(0, current − previous) = 0: nothing to pay 5% of.
    decision = supply(current, previous)
    assert not decision.eligible
    assert decision.amount_fen == 0
    assert decision.reason == "no new supply amount over the year before"


def test_a2_1_not_its_own_product_is_not_eligible():
    # RULES A2.1: the product or technology is the enterprise's own (自主研发); 150,000.00 otherwise.
    decision = supply_award(
        enterprise(),
        year=2024,
        supply_fen=fen("8000000.00"),
        previous_year_supply_fen=fen("5000000.00"),
        buyer_cluster="agri_food",
        own_product=False,
        parameters=PARAMETERS,
    )
    assert (decision.eligible, decision.reason_code) == (False, "not_own_product")


def test_a2_1_large_enterprise_is_not_eligible():
    # The policy supports 中小企业; a large enterprise's new supply (would be 150,000.00) gets nothing.
    decision = supply("8000000.00", "5000000.00", enterprise(is_sme=False))
    assert not decision.eligible
    assert (decision.reason, decision.reason_code) == ("not an SME on 2024-12-31", "not_sme")


def test_a2_1_rounds_half_up_once_at_the_end():
    # new supply 0.10 = 10 fen; 5% × 10 fen = 0.5 fen → half-up 1 fen = 0.01.
    decision = supply("1000.10", "1000.00")
    assert decision.amount_fen == 1
    assert decision.explanation.steps[-1] == "5% × 0.10 = 0.01"


def test_a2_1_rounds_down_below_half_a_fen():
    # new supply 0.09 = 9 fen; 5% × 9 fen = 0.45 fen → 0 fen; eligible but nothing to pay.
    assert supply("0.09", "0.00").amount_fen == 0


def test_a2_1_is_one_award_per_enterprise_ever():
    # RULES decision: one award per enterprise, so the key does not carry the year.
    assert supply("8000000.00", "5000000.00").dedup_key == f"A2.1:{USCC}"
