from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer


def _lpr_percent(value: Any) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ValueError('a rate is percent a year as a string, e.g. "3.10"')
    try:
        rate = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a rate in percent") from None
    if not rate.is_finite() or not Decimal(0) < rate < Decimal(100):
        raise ValueError(f"{value} is not a rate between 0 and 100 percent")
    if rate != rate.quantize(Decimal("0.01")):
        raise ValueError(f"{value} has more than two decimals")
    return rate


def _show(rate: Decimal) -> str:
    return f"{rate:.2f}"


PercentIn = Annotated[Decimal, BeforeValidator(_lpr_percent), Field(json_schema_extra={"type": "string"})]
PercentOut = Annotated[Decimal, PlainSerializer(_show, return_type=str)]


class LprCreate(BaseModel):
    """A publication of the National Interbank Funding Center (on the 20th, or the next working day)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"published_on": "2026-10-20", "one_year": "3.00", "five_year": "3.50"}]},
    )

    published_on: date
    one_year: PercentIn
    five_year: PercentIn


class LprRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"on": "2024-11-01", "one_year": "3.10", "five_year": "3.60", "published_on": "2024-10-21"}]
        }
    )

    on: date
    one_year: PercentOut
    five_year: PercentOut
    published_on: date


class LprPublicationRead(BaseModel):
    published_on: date
    one_year: PercentOut
    five_year: PercentOut
    source: str = Field(description="`facts` (shipped with the platform) or `entered` (through POST /v1/lpr)")
