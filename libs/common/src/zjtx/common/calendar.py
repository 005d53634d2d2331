"""Working days in China: weekdays that are not public holidays, and the weekend days the State Council
makes working days (调休), from its yearly notices (shared/policy/facts/holidays.csv, shipped here).

A year the notices do not cover is not guessed: asking about it raises CalendarNotKnown, so that a
deadline is never computed on a calendar that may be wrong. Used by deadlines in working days (A14)
and by due dates that move off weekends and holidays (A10, 民法典 第二百零三条)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

from zjtx.common.errors import Unprocessable


class CalendarNotKnown(Unprocessable):
    code, title = "calendar_not_known", "The public holidays of this year are not on record"


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: frozenset[date]
    workdays: frozenset[date]  # weekend days made working days
    years: frozenset[int]  # the years the notices cover

    @classmethod
    def from_rows(cls, rows: list[tuple[date, str]]) -> WorkingCalendar:
        """(date, "holiday" | "workday") rows; the years they cover are the years they name."""
        holidays = frozenset(day for day, kind in rows if kind == "holiday")
        workdays = frozenset(day for day, kind in rows if kind == "workday")
        return cls(holidays, workdays, frozenset(day.year for day, _ in rows))

    def _known(self, day: date) -> None:
        if day.year not in self.years:
            covered = f"{min(self.years)}-{max(self.years)}" if self.years else "none"
            raise CalendarNotKnown(f"the public holidays of {day.year} are not on record (years known: {covered})")

    def is_working_day(self, day: date) -> bool:
        self._known(day)
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (`start` itself not counted)."""
        day, counted = start, 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=n)))


@cache
def load_calendar() -> WorkingCalendar:
    """The calendar of the shipped notices (a test keeps the file equal to the facts)."""
    with (resources.files("zjtx.common") / "data" / "holidays.csv").open(encoding="utf-8") as handle:
        rows = [(date.fromisoformat(row["date"]), row["kind"]) for row in csv.DictReader(handle)]
    return WorkingCalendar.from_rows(rows)
