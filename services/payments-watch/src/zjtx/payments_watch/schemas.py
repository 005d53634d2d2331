"""Request and response pieces several features share: amounts that must be positive, decimal strings."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

from zjtx.common.money import YuanIn

# An amount of money that must be more than nothing: "1234.56" in, integer fen held.
PositiveYuan = Annotated[YuanIn, Field(gt=0)]

# A decimal shown as a string with its places ("42.50"): scores, shares, rates.
DecimalText = Annotated[Decimal, PlainSerializer(lambda d: f"{d}", return_type=str)]


def _yearly_rate(value: Any) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ValueError('a yearly rate as a decimal fraction, e.g. "0.0435" for 4.35% a year')
    try:
        rate = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a decimal number") from None
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(1):
        raise ValueError('a yearly rate is a fraction from 0 to 1 ("0.0435" is 4.35% a year)')
    if rate != rate.quantize(Decimal("0.000001")):
        raise ValueError("a rate has at most six decimals")
    return rate.normalize()


# A yearly rate given as a fraction: "0.0435" is 4.35% a year.
YearlyRate = Annotated[
    Decimal,
    BeforeValidator(_yearly_rate),
    PlainSerializer(lambda d: f"{d}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^0(\.\d{1,6})?$|^1(\.0{1,6})?$", "examples": ["0.0435"]}),
]
