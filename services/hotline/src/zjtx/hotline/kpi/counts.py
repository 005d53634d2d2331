"""What tickets contribute to the rates (kpi.rules), summed over days and departments: a value shared by
the rules and the repository (plain data, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date


@dataclass(frozen=True)
class Counts:
    """What tickets contribute to the rates; added up over days and departments."""

    received: int = 0
    responded: int = 0
    replied: int = 0
    resolved: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    unsatisfied: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def __sub__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) - getattr(other, f.name) for f in fields(self)))

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @property
    def rated(self) -> int:
        return self.satisfied + self.basically_satisfied + self.unsatisfied

    def count_of(self, rating: str) -> int:
        return getattr(self, rating)


Key = tuple[date, str]  # (day of receipt, department code or UNASSIGNED)
