"""Money: integer fen in storage, yuan strings with two places in JSON, half-up rounding at the end."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

FEN_PER_YUAN = 100
# Far above any real amount, and well inside a BIGINT of fen (9.2e18).
MAX_YUAN = Decimal("1000000000000")
_FEN = Decimal("0.01")


class InvalidAmount(ValueError):
    """An amount that is not a non-negative number of yuan with at most two decimals."""


def parse_yuan(value: Any) -> Decimal:
    """Read a yuan amount from JSON: a decimal string or a number; never more than two decimals."""
    if isinstance(value, bool) or value is None:
        raise InvalidAmount('amount must be a decimal number of yuan, e.g. "500000.00"')
    if isinstance(value, float):
        value = repr(value)  # the shortest text that round-trips, so 0.1 stays 0.1
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidAmount(f"{value!r} is not a number of yuan") from None
    if not amount.is_finite():
        raise InvalidAmount(f"{value!r} is not a number of yuan")
    if abs(amount) > MAX_YUAN:
        raise InvalidAmount(f"{value} is larger than any amount this platform handles ({MAX_YUAN:,} yuan)")
    if amount != amount.quantize(_FEN):
        raise InvalidAmount(f"{value} has more than two decimals (amounts are exact to the fen)")
    if amount < 0:
        raise InvalidAmount(f"{value} is negative")
    return amount.quantize(_FEN)


def yuan_to_fen(amount: Decimal) -> int:
    return int((amount * FEN_PER_YUAN).to_integral_value())


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / FEN_PER_YUAN).quantize(_FEN)


def format_fen(fen: int) -> str:
    """JSON form of an amount: `"500000.00"`. In integers: every amount of every response and
    explanation passes here, and Decimal division costs several times more."""
    whole, part = divmod(abs(fen), FEN_PER_YUAN)
    return f"{'-' if fen < 0 else ''}{whole}.{part:02d}"


def round_half_up_to_fen(amount_in_fen: Decimal) -> int:
    """Round a computed fraction of fen once, at the end of a computation (RULES: money)."""
    return int(amount_in_fen.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# What an amount looks like in a request: yuan with exactly two decimals, at most 12 digits before the
# point, ASCII digits only (no sign, exponent, spaces, separators or JSON numbers).
YUAN_PATTERN = r"^[0-9]{1,12}\.[0-9]{2}$"
_YUAN = re.compile(YUAN_PATTERN)


def _yuan_input_to_fen(value: Any) -> int:
    if not isinstance(value, str) or not _YUAN.match(value):
        raise ValueError('an amount is a string of yuan with exactly two decimals, e.g. "500000.00"')
    return yuan_to_fen(Decimal(value))


_YUAN_SCHEMA = WithJsonSchema(
    {
        "type": "string",
        "pattern": YUAN_PATTERN,
        "description": "yuan with exactly two decimals",
        "examples": ["500000.00"],
    }
)

# A request field holding money: accepts exactly "1234.56" and holds integer fen.
YuanIn = Annotated[int, BeforeValidator(_yuan_input_to_fen), _YUAN_SCHEMA]

# A response field holding integer fen, shown as "1234.56". Kept apart from YuanIn so that
# building a response from stored fen can never be mistaken for parsing yuan.
FenAsYuan = Annotated[int, PlainSerializer(format_fen, return_type=str), _YUAN_SCHEMA]
