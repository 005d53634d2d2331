"""Unified social credit code (统一社会信用代码, GB 32100-2015): format and check character, and the
one normaliser every service uses on a code it is given."""

from __future__ import annotations

from zjtx.common.errors import Unprocessable

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {char: index for index, char in enumerate(ALPHABET)}

# Real codes from early pilot regions that fail the check; admitted by name, not by a weaker check.
PILOT_REGION_ALLOW_LIST = frozenset({"91350211M00013FA1N"})


class InvalidUSCC(Unprocessable):
    code, title = "uscc_invalid", "Invalid unified social credit code"


def check_character(first_17: str) -> str:
    total = sum(_VALUE[char] * weight for char, weight in zip(first_17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise_uscc(code: str, *, allow_list: frozenset[str] = PILOT_REGION_ALLOW_LIST) -> str:
    """Return the normalised (upper-case) code, or raise InvalidUSCC saying what is wrong."""
    normalised = code.strip().upper()
    if normalised in allow_list:
        return normalised
    if len(normalised) != 18:
        raise InvalidUSCC(f"a unified social credit code has 18 characters, this one has {len(normalised)}")
    bad = sorted({char for char in normalised if char not in _VALUE})
    if bad:
        raise InvalidUSCC(f"characters not allowed in a credit code: {' '.join(bad)} (I, O, S, V, Z are never used)")
    if not normalised[2:8].isdigit():
        raise InvalidUSCC("characters 3-8 must be the 6-digit administrative division code")
    expected = check_character(normalised[:17])
    if normalised[17] != expected:
        raise InvalidUSCC(f"check character should be {expected}")
    return normalised
