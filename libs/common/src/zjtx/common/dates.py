"""Dates of facts: something that has already happened (a registration, a recognition, a move, the end
of an inspection, a payment) cannot be dated after today, nor before 1949-10-01. One check and two
stable error codes for every service, so that a mistyped year (2027 for 2024, 2099) is refused at the
door instead of making money today, and a date no real record can carry is refused too."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from zjtx.common.errors import Unprocessable

# The founding of the People's Republic: no enterprise, recognition or payment this platform records
# is older. A bound on data, not a figure of the policy.
EARLIEST_FACT_DATE = date(1949, 10, 1)

# The calendar of the platform: no fact is older than the People's Republic, and no date beyond this
# century is meant (a typo, or a probe). Every date and year a request carries is within it.
FIRST_DAY = EARLIEST_FACT_DATE
LAST_DAY = date(2099, 12, 31)


def say_day_bounds(schema: dict[str, Any]) -> None:
    """JSON Schema has no bounds for a date: the schema's description says them (once)."""
    description = schema.get("description", "")
    if f"{FIRST_DAY} to {LAST_DAY}" not in description:
        schema["description"] = f"{description} (YYYY-MM-DD, {FIRST_DAY} to {LAST_DAY})".strip()


_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def iso_day(value: Any) -> Any:
    """A date as the documents say it, YYYY-MM-DD: not a number (which pydantic would read as seconds since
    1970), nor a datetime."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


# A date or a year in a request body (queries take zjtx.common.web.routing's Day and Year): within the
# platform's calendar, so that no computation from it leaves the calendar (422 otherwise). The validator
# comes after the Field, so that the schema keeps only what JSON Schema knows.
CalendarDay = Annotated[
    date, Field(ge=FIRST_DAY, le=LAST_DAY, json_schema_extra=say_day_bounds), BeforeValidator(iso_day)
]
CalendarYear = Annotated[int, Field(ge=FIRST_DAY.year, le=LAST_DAY.year)]


class DateInFuture(Unprocessable):
    code, title = "date_in_future", "The date is after today: record a fact once it has happened"


class DateTooEarly(Unprocessable):
    code, title = "date_too_early", "The date is before 1949-10-01"


def check_fact_date(field: str, day: date, *, today: date) -> date:
    """`day`, when a fact can have happened on it; else DateInFuture or DateTooEarly naming `field`."""
    if day > today:
        raise DateInFuture(
            f"{field} {day} is after today ({today})", errors=[{"field": field, "message": "after today"}]
        )
    if day < EARLIEST_FACT_DATE:
        raise DateTooEarly(
            f"{field} {day} is before {EARLIEST_FACT_DATE}",
            errors=[{"field": field, "message": f"before {EARLIEST_FACT_DATE}"}],
        )
    return day


def check_fact_dates(today: date, **days: date | None) -> None:
    """Each given date (None: not given) checked with `check_fact_date`, in the order given."""
    for field, day in days.items():
        if day is not None:
            check_fact_date(field, day, today=today)


__all__ = [
    "EARLIEST_FACT_DATE",
    "FIRST_DAY",
    "LAST_DAY",
    "CalendarDay",
    "CalendarYear",
    "DateInFuture",
    "DateTooEarly",
    "check_fact_date",
    "check_fact_dates",
]
