"""The loan prime rate (贷款市场报价利率, LPR): the 1-year and 5-year rates published each month
(shared/policy/facts/lpr.csv, shipped here; later publications are entered by the finance service).
The rate on a date is the latest publication on or before it. After the last publication, the last
rate holds only up to a stated horizon; past it, the rate is not known and nothing is guessed (RULES:
"Facts used by the rules")."""

from __future__ import annotations

import bisect
import csv
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources

from zjtx.common.errors import Unprocessable


class LprUnknown(Unprocessable):
    code, title = "lpr_unknown", "The loan prime rate on this date is not known"


@dataclass(frozen=True)
class LprPublication:
    published_on: date
    one_year: Decimal  # percent a year: 3.10 means 3.10%
    five_year: Decimal


@dataclass(frozen=True)
class LprTable:
    publications: tuple[LprPublication, ...]  # by publication date

    @classmethod
    def of(cls, publications: list[LprPublication]) -> LprTable:
        return cls(tuple(sorted(publications, key=lambda p: p.published_on)))

    def on(self, day: date, *, horizon_days: int) -> LprPublication:
        """The publication in force on `day`; LprUnknown before the first, or more than `horizon_days`
        after the last."""
        dates = [p.published_on for p in self.publications]
        index = bisect.bisect_right(dates, day) - 1
        if index < 0:
            raise LprUnknown(f"no LPR was published on or before {day} (the first is of {dates[0]})")
        last = self.publications[-1]
        if index == len(dates) - 1 and day > last.published_on + timedelta(days=horizon_days):
            raise LprUnknown(
                f"{day} is more than {horizon_days} days after the last publication on record "
                f"({last.published_on}): enter the publications since"
            )
        return self.publications[index]


def read_publications() -> list[LprPublication]:
    """The shipped publications (a test keeps the file equal to the facts)."""
    with (resources.files("zjtx.common") / "data" / "lpr.csv").open(encoding="utf-8") as handle:
        return [
            LprPublication(
                date.fromisoformat(row["effective_date"]),
                Decimal(row["lpr_1y_percent"]),
                Decimal(row["lpr_5y_percent"]),
            )
            for row in csv.DictReader(handle)
        ]


@cache
def load_lpr() -> LprTable:
    return LprTable.of(read_publications())
