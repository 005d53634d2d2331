"""Unified social credit code (统一社会信用代码, GB 32100-2015): format and check character, and the
one normaliser every service uses on a code it is given."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from zjtx.common.errors import Unprocessable

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {char: index for index, char in enumerate(ALPHABET)}

# What a code looks like (GB 32100-2015): two characters of the alphabet (registering authority,
# category), the 6-digit administrative division, then ten of the alphabet, the last the check character.
# Upper case: a schema with this pattern refuses "91310110666007217t" before any normalising.
USCC_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$"
USCC_CHECK_NOTE = (
    "The 18th character is the check character of the first 17 (GB 32100-2015: 31 − Σ value × weight mod 31, "
    "weights 3^(i−1) mod 31): a code of the right shape with a wrong check character is refused with "
    "`uscc_invalid`."
)
USCC_DESCRIPTION = (
    "统一社会信用代码 (unified social credit code): 18 characters, digits and the capitals A–Y without I, O, S, V "
    f"and Z; characters 3–8 are the administrative division (Hohhot's start 1501). {USCC_CHECK_NOTE}"
)
USCC_EXAMPLE = "91310110666007217T"


def say_uscc_check(schema: dict[str, Any]) -> None:
    """A field that describes itself in its own words still says the check character."""
    description = schema.get("description", "").strip()
    if "check character" not in description:
        ended = description if not description or description.endswith((".", "。", ")")) else f"{description}."
        schema["description"] = f"{ended} {USCC_CHECK_NOTE}".strip()


# A request field holding a credit code: its shape checked by the schema, its check character by
# normalise_uscc in the use case (a stable `uscc_invalid` naming the right character).
Uscc = Annotated[
    str,
    StringConstraints(pattern=USCC_PATTERN),
    Field(description=USCC_DESCRIPTION, examples=[USCC_EXAMPLE], json_schema_extra=say_uscc_check),
]

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
