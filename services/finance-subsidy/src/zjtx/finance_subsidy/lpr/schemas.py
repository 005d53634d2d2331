from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

from zjtx.common.dates import CalendarDay

LPR_PATTERN = r"^[0-9]{1,2}(\.[0-9]{1,2})?$"
_LPR = re.compile(LPR_PATTERN)


def _lpr_percent(value: Any) -> Decimal:
    """A published rate, percent a year as a string: "3.10"; more than 0, less than 100, two decimals at most."""
    if not isinstance(value, str) or not _LPR.match(value):
        raise ValueError('a rate is percent a year as a string with at most two decimals, e.g. "3.10"')
    rate = Decimal(value)
    if not rate > 0:
        raise ValueError(f"{value} is not a rate between 0 and 100 percent")
    return rate


def _show(rate: Decimal) -> str:
    return f"{rate:.2f}"


PercentIn = Annotated[
    Decimal,
    BeforeValidator(_lpr_percent),
    WithJsonSchema({"type": "string", "pattern": LPR_PATTERN, "examples": ["3.10"]}),
]
PercentOut = Annotated[Decimal, PlainSerializer(_show, return_type=str)]


class LprCreate(BaseModel):
    """A publication of the National Interbank Funding Center (on the 20th, or the next working day)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"published_on": "2026-10-20", "one_year": "3.00", "five_year": "3.50"}]},
    )

    published_on: CalendarDay = Field(
        description="the publication's date: not after today, not before the first of the reformed LPR (2019-08-20)"
    )
    one_year: PercentIn = Field(description="the 1-year LPR, percent a year, a multiple of 0.05 (A5.1, A5.2)")
    five_year: PercentIn = Field(description="the 5-year-and-over LPR, percent a year, a multiple of 0.05")


class LprRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"on": "2024-11-01", "one_year": "3.10", "five_year": "3.60", "published_on": "2024-10-21"}]
        }
    )

    on: date = Field(description="the day asked about")
    one_year: PercentOut = Field(description="the 1-year LPR in force on it, percent a year")
    five_year: PercentOut = Field(description="the 5-year-and-over LPR in force on it, percent a year")
    published_on: date = Field(description="the publication in force: the latest on or before the day")


class LprPublicationRead(BaseModel):
    published_on: date = Field(description="the publication's date (from then on, until the next)")
    one_year: PercentOut = Field(description="the 1-year LPR, percent a year")
    five_year: PercentOut = Field(description="the 5-year-and-over LPR, percent a year")
    source: Literal["facts", "entered"] = Field(
        description="`facts` (shipped with the platform) or `entered` (through POST /v1/lpr)"
    )
