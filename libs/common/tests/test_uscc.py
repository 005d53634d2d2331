"""Unified social credit code (GB 32100-2015): the check character, the alphabet, the pilot allow-list.
Figures from shared/policy/facts/reference.md."""

from __future__ import annotations

import pytest

from zjtx.common.uscc import WEIGHTS, InvalidUSCC, check_character, normalise_uscc


@pytest.mark.parametrize("code", ["91310110666007217T", "91310115591693856A", "914403001922038216"])
def test_published_valid_codes_pass(code):
    assert normalise_uscc(code) == code


def test_check_character_worked_example():
    # 91440300192203821 with weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
    # 9·1 + 1·3 + 4·9 + 4·27 + 0·19 + 3·26 + 0·16 + 0·17 + 1·20 + 9·29 + 2·25 + 2·13 + 0·8 + 3·24 + 8·10
    #   + 2·30 + 1·28 = 9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831
    # 831 mod 31 = 25 (31·26 = 806); 31 − 25 = 6 → ALPHABET[6] = "6"
    assert check_character("91440300192203821") == "6"


def test_altered_check_character_names_the_expected_one():
    with pytest.raises(InvalidUSCC) as caught:
        normalise_uscc("914403001922038217")
    assert caught.value.detail == "check character should be 6"


def test_remainder_zero_maps_to_check_zero():
    # "91" + fourteen "0" + "4": 9·1 + 1·3 + 4·28 = 124 = 4·31, remainder 0; 31 − 0 = 31 → 0 → "0".
    body = "91" + "0" * 14 + "4"
    assert check_character(body) == "0"


def test_weights_are_powers_of_three_mod_31():
    assert tuple(pow(3, i, 31) for i in range(17)) == WEIGHTS


def test_lower_case_and_spaces_are_normalised():
    assert normalise_uscc("  91310110666007217t ") == "91310110666007217T"


@pytest.mark.parametrize("code, length", [("91310110666007217", 17), ("91310110666007217TT", 19), ("", 0)])
def test_wrong_length_is_refused_with_its_length(code, length):
    with pytest.raises(InvalidUSCC) as caught:
        normalise_uscc(code)
    assert caught.value.detail == f"a unified social credit code has 18 characters, this one has {length}"


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_forbidden_letters_are_refused(letter):
    code = "913101106660072" + letter + "7T"
    with pytest.raises(InvalidUSCC) as caught:
        normalise_uscc(code)
    assert caught.value.detail == f"characters not allowed in a credit code: {letter} (I, O, S, V, Z are never used)"


def test_division_code_must_be_digits():
    body = "91A50105000000001"
    with pytest.raises(InvalidUSCC) as caught:
        normalise_uscc(body + check_character(body))
    assert caught.value.detail == "characters 3-8 must be the 6-digit administrative division code"


def test_pilot_region_code_is_admitted_by_allow_list_only():
    pilot = "91350211M00013FA1N"
    assert check_character(pilot[:17]) != pilot[17]  # it really fails the check
    assert normalise_uscc(pilot) == pilot
    assert normalise_uscc(pilot.lower()) == pilot
    with pytest.raises(InvalidUSCC):
        normalise_uscc(pilot, allow_list=frozenset())
