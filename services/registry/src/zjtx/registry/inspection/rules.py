"""A13 flags on inspections: pure functions over the facts, parameters passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from zjtx.common.parameters import ParameterFile


@dataclass(frozen=True)
class InspectionFacts:
    inspection_type: str
    ended_on: date
    published_on: date | None
    special_sector: bool


@dataclass(frozen=True)
class Flag:
    rule: str
    message: str


def inspection_flags(
    inspection: InspectionFacts, *, earlier_same_type_this_year: int, today: date, parameters: ParameterFile
) -> list[Flag]:
    """A13.1: more same-type routine inspections in a calendar year than allowed (special sectors exempt).
    A13.2: results published more than N days after the end, or not published and N days have passed."""
    flags: list[Flag] = []
    per_year = int(parameters.in_force("inspections_same_type_per_year", inspection.ended_on).body["value"])
    if not inspection.special_sector and earlier_same_type_this_year + 1 > per_year:
        flags.append(
            Flag(
                "A13.1",
                f"inspection number {earlier_same_type_this_year + 1} of type "
                f"{inspection.inspection_type!r} in {inspection.ended_on.year}; at most {per_year} a year",
            )
        )
    days = int(parameters.in_force("inspection_publish_within_days", inspection.ended_on).body["value"])
    deadline = inspection.ended_on + timedelta(days=days)
    if inspection.published_on is not None and inspection.published_on > deadline:
        late = (inspection.published_on - inspection.ended_on).days
        flags.append(Flag("A13.2", f"results published {late} days after the inspection ended; limit {days}"))
    elif inspection.published_on is None and today > deadline:
        flags.append(
            Flag(
                "A13.2",
                f"results not published and {(today - inspection.ended_on).days} days have "
                f"passed since the inspection ended; limit {days}",
            )
        )
    return flags
