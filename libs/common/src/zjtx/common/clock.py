"""Time: calendar dates are in Asia/Shanghai (RULES), instants are timezone-aware. The clock is a collaborator."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(CHINA)


class FixedClock:
    """A clock for tests and what-if runs."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def today(clock: Clock) -> date:
    return clock.now().astimezone(CHINA).date()


def add_years(start: date, years: int) -> date:
    """Same day `years` later; 29 February falls back to 28 February."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)
