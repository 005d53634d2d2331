"""A1.1, A1.2, A1.3 (recognition awards) and A1.park (the plaque): pure rule tests, no I/O.

Policy, article 1: "对新认定的市级“专精特新”中小企业，给予一次性奖励20万元；对新认定的国家级专精特新“小巨人”
企业，我市行政区域以外迁入的国家级专精特新“小巨人”企业，给予一次性奖励50万元。对聚集10家以上“专精特新”中小
企业的产业园区授予“专精特新园区”牌匾". The policy is in force from 2022-01-01 (30 days after 2021-12-02)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from zjtx.awards.definition import AWARDS
from zjtx.awards.rules.facts import EnterpriseFacts, RecognitionFact, RelocationFact
from zjtx.awards.rules.recognition import (
    municipal_recognition_award,
    national_little_giant_award,
    park_plaque,
    relocation_award,
)

PARAMETERS = AWARDS.load_parameters()
USCC = "91150105MA0Q4LJX27"


def facts(*recognitions: RecognitionFact, relocations: tuple[RelocationFact, ...] = ()) -> EnterpriseFacts:
    return EnterpriseFacts(uscc=USCC, district_code="150105", recognitions=recognitions, relocations=relocations)


def municipal(on: date, **flags) -> RecognitionFact:
    return RecognitionFact("municipal_zjtx", on, on.replace(year=on.year + 3), **flags)


def national(on: date, **flags) -> RecognitionFact:
    return RecognitionFact("national_little_giant", on, on.replace(year=on.year + 3), **flags)


# --- A1.1 ---------------------------------------------------------------------------------------


def test_a1_1_the_day_before_the_policy_is_not_eligible():
    # 2021-12-31 < 2022-01-01: not "newly recognised" under this policy; refused, not an error.
    recognition = municipal(date(2021, 12, 31))
    decision = municipal_recognition_award(facts(recognition), recognition, PARAMETERS)
    assert not decision.eligible
    assert decision.amount_fen == 0
    assert decision.reason == "recognised on 2021-12-31, before the policy applies (2022-01-01)"


def test_a1_1_the_first_day_of_the_policy_is_eligible():
    # 2022-01-01 ≥ 2022-01-01: one-time 200,000.00.
    recognition = municipal(date(2022, 1, 1))
    decision = municipal_recognition_award(facts(recognition), recognition, PARAMETERS)
    assert decision.eligible
    assert decision.amount_fen == 20_000_000
    assert decision.reference_date == date(2022, 1, 1)
    assert decision.explanation.steps == ["one-time award for a new municipal recognition = 200,000.00"]


def test_a1_1_a_renewal_is_not_new():
    recognition = municipal(date(2024, 6, 18), renewal=True)
    decision = municipal_recognition_award(facts(recognition), recognition, PARAMETERS)
    assert (decision.eligible, decision.reason) == (False, "a renewal after re-review is not a new recognition")


def test_a1_1_an_earlier_recognition_of_the_level_among_the_facts_means_not_new():
    # Worked out from the enterprise's recognitions, not taken from a flag: municipal 2019-04-01 (expired
    # 2022-04-01), then again 2024-06-18 → not new, no award.
    earlier, later = municipal(date(2019, 4, 1)), municipal(date(2024, 6, 18))
    decision = municipal_recognition_award(facts(earlier, later), later, PARAMETERS)
    assert (decision.eligible, decision.reason_code) == (False, "held_before")
    assert decision.reason == "the enterprise held a recognition of this level before (2019-04-01)"
    # The flag the registry sent alone, with no earlier recognition among the facts, decides nothing.
    flagged = municipal(date(2024, 6, 18), held_tier_before=True)
    assert municipal_recognition_award(facts(flagged), flagged, PARAMETERS).eligible


def test_a1_1_is_for_the_municipal_tier_only():
    recognition = RecognitionFact("region_zjtx", date(2024, 6, 18), date(2027, 6, 18))
    assert not municipal_recognition_award(facts(recognition), recognition, PARAMETERS).eligible


# --- A1.2 ---------------------------------------------------------------------------------------


def test_a1_2_new_national_little_giant():
    # Recognised 2023-07-14 in Hohhot: one-time 500,000.00.
    recognition = national(date(2023, 7, 14))
    decision = national_little_giant_award(facts(recognition), recognition, PARAMETERS)
    assert (decision.eligible, decision.amount_fen) == (True, 50_000_000)


@pytest.mark.parametrize(
    ("recognition", "reason"),
    [
        (national(date(2021, 12, 31)), "recognised on 2021-12-31, before the policy applies (2022-01-01)"),
        (national(date(2023, 7, 14), renewal=True), "a renewal after re-review is not a new recognition"),
    ],
)
def test_a1_2_only_a_new_recognition_counts(recognition, reason):
    decision = national_little_giant_award(facts(recognition), recognition, PARAMETERS)
    assert not decision.eligible
    assert decision.reason == reason


def test_a1_2_is_refused_when_the_enterprise_moved_in_after_being_recognised():
    # Recognised 2023-07-14 outside Hohhot, moved in 2024-03-01: that is A1.3, not A1.2.
    recognition = national(date(2023, 7, 14))
    moved = RelocationFact(date(2024, 3, 1), "北京市海淀区", "110108")
    decision = national_little_giant_award(facts(recognition, relocations=(moved,)), recognition, PARAMETERS)
    assert not decision.eligible
    assert decision.reason == "recognised outside Hohhot before moving in on 2024-03-01: that is A1.3"


def test_a1_2_after_moving_in_is_a1_2():
    # Moved in 2022-05-01, recognised in Hohhot 2023-07-14: a new recognition here → A1.2 500,000.00.
    recognition = national(date(2023, 7, 14))
    moved = RelocationFact(date(2022, 5, 1), "北京市海淀区", "110108")
    decision = national_little_giant_award(facts(recognition, relocations=(moved,)), recognition, PARAMETERS)
    assert (decision.eligible, decision.amount_fen) == (True, 50_000_000)


# --- A1.3 ---------------------------------------------------------------------------------------


def test_a1_3_national_little_giant_moving_in():
    # National little giant 2023-07-14..2026-07-14, moved in 2024-03-01: one-time 500,000.00.
    moved = RelocationFact(date(2024, 3, 1), "北京市海淀区", "110108")
    decision = relocation_award(facts(national(date(2023, 7, 14)), relocations=(moved,)), moved, PARAMETERS)
    assert (decision.eligible, decision.amount_fen, decision.reference_date) == (True, 50_000_000, date(2024, 3, 1))


def test_a1_3_a_recognition_from_before_the_policy_still_counts_on_a_later_move():
    # Recognised 2021-07-01 (before the policy) until 2024-07-01; moved in 2023-03-01, after 2022-01-01:
    # A1.3 asks for a valid national recognition on the move-in date, not a new one.
    moved = RelocationFact(date(2023, 3, 1), "上海市浦东新区", "110108")
    decision = relocation_award(facts(national(date(2021, 7, 1)), relocations=(moved,)), moved, PARAMETERS)
    assert (decision.eligible, decision.amount_fen) == (True, 50_000_000)


@pytest.mark.parametrize(
    ("recognitions", "reason"),
    [
        ((), "held no valid national little-giant recognition on 2024-03-01"),
        # A regional little giant is not national.
        (
            (RecognitionFact("region_little_giant", date(2023, 1, 1), date(2026, 1, 1)),),
            "held no valid national little-giant recognition on 2024-03-01",
        ),
        # Expired 2024-03-01, the move-in day itself.
        (
            (RecognitionFact("national_little_giant", date(2021, 3, 1), date(2024, 3, 1)),),
            "held no valid national little-giant recognition on 2024-03-01",
        ),
        # Recognised only after the move: that is A1.2.
        ((national(date(2024, 3, 2)),), "held no valid national little-giant recognition on 2024-03-01"),
    ],
)
def test_a1_3_needs_a_national_recognition_valid_on_the_move_in_date(recognitions, reason):
    moved = RelocationFact(date(2024, 3, 1), "北京市海淀区", "110108")
    decision = relocation_award(facts(*recognitions, relocations=(moved,)), moved, PARAMETERS)
    assert not decision.eligible
    assert decision.reason == reason


@pytest.mark.parametrize(
    ("division", "reason", "code"),
    [
        (None, "the move names no division it came from", "origin_unknown"),
        ("150103", "moved from 150103, a division of Hohhot", "within_city"),
    ],
)
def test_a1_3_needs_a_move_from_outside_hohhot(division, reason, code):
    # RULES A1.3: the relocation names the division it came from, not one starting 1501.
    moved = RelocationFact(date(2024, 3, 1), "回民区", division)
    decision = relocation_award(facts(national(date(2023, 7, 14)), relocations=(moved,)), moved, PARAMETERS)
    assert (decision.eligible, decision.reason, decision.reason_code) == (False, reason, code)


def test_a1_3_a_move_before_the_policy_is_not_eligible():
    moved = RelocationFact(date(2021, 12, 31), "北京市海淀区", "110108")
    decision = relocation_award(facts(national(date(2021, 7, 1)), relocations=(moved,)), moved, PARAMETERS)
    assert not decision.eligible
    assert decision.reason == "moved in on 2021-12-31, before the policy applies (2022-01-01)"


# --- one award, or two ----------------------------------------------------------------------------


def test_a1_1_and_a1_2_are_two_awards_a1_2_and_a1_3_are_one():
    # RULES decision: A1.1 and A1.2 can both be paid once each; A1.2 and A1.3 are one award.
    municipal_rec, national_rec = municipal(date(2022, 3, 1)), national(date(2023, 7, 14))
    moved = RelocationFact(date(2024, 3, 1), "北京市海淀区", "110108")
    enterprise = facts(municipal_rec, national_rec)
    a1_1 = municipal_recognition_award(enterprise, municipal_rec, PARAMETERS)
    a1_2 = national_little_giant_award(enterprise, national_rec, PARAMETERS)
    a1_3 = relocation_award(enterprise, moved, PARAMETERS)
    assert a1_1.dedup_key != a1_2.dedup_key
    assert a1_2.dedup_key == a1_3.dedup_key == f"A1.2|A1.3:{USCC}"


# --- A1.park ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "eligible"), [(9, False), (10, True), (25, True)])
def test_park_plaque_at_ten_enterprises(count, eligible):
    # "聚集10家以上": 10 counts. The plaque is non-monetary: 0.00.
    park_id = uuid.uuid4()
    decision = park_plaque(
        park_id=park_id,
        park_name="金山高新区园区",
        qualified_on=date(2025, 3, 1),
        zjtx_count=count,
        parameters=PARAMETERS,
    )
    assert decision.eligible is eligible
    assert decision.amount_fen == 0
    assert decision.dedup_key == f"A1.park:{park_id}"
    if eligible:
        assert decision.monetary is False
    else:
        assert decision.reason == f"{count} enterprises with a valid recognition, fewer than 10"
