"""A3.rent: pure rule tests, no I/O.

Policy, article 3: "国家级和自治区级专精特新“小巨人”企业、制造业单项冠军企业……企业租赁研发和生产用房的，按照
其实际房租的30%给予租金补助，连续补贴3年，单户补贴额度每年不超过100万元". RULES decision: a valid
recognition of one of those tiers in the rent year, none revoked during it; the run is the first three
consecutive years claimed (whatever order the claims came in); a year with no claim ends the run."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.awards.definition import AWARDS
from zjtx.awards.rules.facts import EnterpriseFacts, RecognitionFact
from zjtx.awards.rules.premises import rent_subsidy
from zjtx.common.money import parse_yuan, yuan_to_fen

PARAMETERS = AWARDS.load_parameters()
USCC = "91150105MA0Q4LJX27"
# A regional little giant from mid-2021 to mid-2027: valid during every year 2021-2027.
LITTLE_GIANT = RecognitionFact("region_little_giant", date(2021, 6, 1), date(2027, 6, 1))


def fen(yuan: str) -> int:
    return yuan_to_fen(parse_yuan(yuan))


def rent(
    year: int,
    paid: str = "1000000.00",
    *,
    before: list[int] | None = None,
    use: str = "production",
    recognitions: tuple[RecognitionFact, ...] = (LITTLE_GIANT,),
):
    facts = EnterpriseFacts(uscc=USCC, district_code="150105", recognitions=recognitions)
    # `before`: the other years claimed that hold on their own.
    return rent_subsidy(
        facts, year=year, rent_fen=fen(paid), premises_use=use, eligible_years=before or [], parameters=PARAMETERS
    )


def test_three_consecutive_years_are_paid_and_the_fourth_is_not():
    # 2022: 30% × 1,000,000.00 = 300,000.00 (year 1 of 3)
    # 2023: 30% × 2,000,000.00 = 600,000.00 (year 2 of 3)
    # 2024: 30% × 4,000,000.00 = 1,200,000.00 > 1,000,000.00 → 1,000,000.00 (year 3 of 3)
    # 2025: outside the run 2022-2024 → nothing, whatever the rent.
    first = rent(2022, "1000000.00")
    second = rent(2023, "2000000.00", before=[2022])
    third = rent(2024, "4000000.00", before=[2022, 2023])
    fourth = rent(2025, "1000000.00", before=[2022, 2023, 2024])
    assert [d.eligible for d in (first, second, third, fourth)] == [True, True, True, False]
    assert [first.amount_fen, second.amount_fen, third.amount_fen, fourth.amount_fen] == [
        fen("300000.00"),
        fen("600000.00"),
        fen("1000000.00"),
        0,
    ]
    assert first.explanation.steps[0] == "first subsidised year: year 1 of 3"
    assert third.explanation.steps[0] == "year 3 of 3 consecutive years from 2022"
    assert third.explanation.caps == ["1,200,000.00 > yearly cap 1,000,000.00: capped at 1,000,000.00"]
    assert fourth.reason == "the 3 consecutive years run 2022-2024; 2025 is outside them"


def test_rent_just_under_the_cap_rounds_to_it_without_being_capped():
    # 3,333,333.33 = 333333333 fen; × 0.30 = 99999999.9 fen → half-up 100000000 fen = 1,000,000.00,
    # equal to the cap, not above it.
    decision = rent(2023, "3333333.33")
    assert decision.amount_fen == fen("1000000.00")
    assert decision.explanation.steps[-1] == "30% × 3,333,333.33 = 1,000,000.00"
    assert decision.explanation.caps == ["1,000,000.00 ≤ yearly cap 1,000,000.00: not capped"]


def test_the_cap_is_per_year():
    # 30% × 3,333,333.34 = 100000000.2 fen → 100000000 fen; 30% × 3,333,333.37 = 100000001.1 → capped.
    assert rent(2022, "3333333.34").amount_fen == fen("1000000.00")
    capped = rent(2022, "3333333.37")
    assert capped.amount_fen == fen("1000000.00")
    assert capped.explanation.caps == ["1,000,000.01 > yearly cap 1,000,000.00: capped at 1,000,000.00"]


def test_a_gap_ends_the_run():
    # Subsidised in 2022, nothing claimed for 2023: 2024 lies inside 2022-2024 but the run ended in 2023.
    decision = rent(2024, "1000000.00", before=[2022])
    assert not decision.eligible
    assert decision.amount_fen == 0
    assert decision.reason == "no subsidy claimed for 2023: the consecutive run ended"


def test_a_year_claimed_after_a_later_one_starts_the_run():
    # 2023 was claimed first, 2022 later: in order, the run is 2022-2024 and 2022 is its first year,
    # 30% × 1,000,000.00 = 300,000.00 (RULES: claims may arrive in any order).
    decision = rent(2022, before=[2023])
    assert (decision.eligible, decision.amount_fen) == (True, fen("300000.00"))
    assert decision.explanation.steps[0] == "first subsidised year: year 1 of 3"
    assert rent(2023, before=[2022]).explanation.steps[0] == "year 2 of 3 consecutive years from 2022"


def test_a_recognition_revoked_during_the_rent_year_makes_it_ineligible():
    # Valid during 2023 until its revocation on 2023-09-01: RULES, "none of them revoked during it".
    revoked = RecognitionFact("region_little_giant", date(2022, 2, 1), date(2025, 2, 1), revoked_on=date(2023, 9, 1))
    decision = rent(2023, recognitions=(revoked,))
    assert (decision.eligible, decision.reason_code) == (False, "revoked")
    assert decision.reason == "recognition region_little_giant revoked on 2023-09-01, during 2023"


@pytest.mark.parametrize("use", ["office", "warehouse", "dormitory"])
def test_premises_other_than_research_or_production_are_refused(use):
    # "租赁研发和生产用房": 30% × 1,000,000.00 would be 300,000.00, but not for an office.
    decision = rent(2022, use=use)
    assert not decision.eligible
    assert decision.reason == "A3.rent covers premises rented for research or production"


@pytest.mark.parametrize("use", ["research", "production"])
def test_research_and_production_premises_are_both_covered(use):
    assert rent(2022, use=use).amount_fen == fen("300000.00")


@pytest.mark.parametrize(
    "recognition",
    [
        RecognitionFact("national_little_giant", date(2022, 2, 1), date(2025, 2, 1)),
        RecognitionFact("region_little_giant", date(2022, 2, 1), date(2025, 2, 1)),
        RecognitionFact("single_champion", date(2022, 2, 1), date(2025, 2, 1)),
    ],
)
def test_each_named_tier_qualifies(recognition):
    assert rent(2023, recognitions=(recognition,)).amount_fen == fen("300000.00")


@pytest.mark.parametrize(
    ("recognition", "year"),
    [
        # A municipal or regional 专精特新 recognition is not a little giant or a single champion.
        (RecognitionFact("municipal_zjtx", date(2022, 2, 1), date(2025, 2, 1)), 2023),
        (RecognitionFact("region_zjtx", date(2022, 2, 1), date(2025, 2, 1)), 2023),
        # Expired on 2023-01-01: its last valid day was 2022-12-31, so it is not valid in 2023.
        (RecognitionFact("national_little_giant", date(2020, 1, 1), date(2023, 1, 1)), 2023),
        # Recognised in 2024: not valid in the rent year 2023.
        (RecognitionFact("national_little_giant", date(2024, 1, 1), date(2027, 1, 1)), 2023),
        # Revoked from 2023-01-01.
        (RecognitionFact("region_little_giant", date(2022, 2, 1), date(2025, 2, 1), revoked_on=date(2023, 1, 1)), 2023),
    ],
)
def test_the_tier_must_be_valid_in_the_rent_year(recognition, year):
    decision = rent(year, recognitions=(recognition,))
    assert not decision.eligible
    assert decision.reason == (f"no valid national/regional little-giant or single-champion recognition in {year}")


def test_a_recognition_valid_on_one_day_of_the_year_is_enough():
    # Expires 2023-01-02: valid on 2023-01-01, so valid during 2023.
    recognition = RecognitionFact("national_little_giant", date(2020, 1, 2), date(2023, 1, 2))
    assert rent(2023, recognitions=(recognition,)).amount_fen == fen("300000.00")


def test_each_year_has_its_own_award():
    assert rent(2023, before=[2022]).dedup_key == f"A3.rent:{USCC}:2023"
