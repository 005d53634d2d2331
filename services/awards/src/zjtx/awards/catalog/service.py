"""What the rules are and which figures they use: the rulebook, and the parameters in force on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zjtx.awards.catalog.rulebook import RULEBOOK, RuleEntry
from zjtx.common.parameters import NOT_FIGURES, ParameterFile, ParameterNotInForce, ParameterValue


@dataclass(frozen=True)
class ParameterInForce:
    name: str
    value: ParameterValue | None  # None: no value in force on the date

    def figures(self) -> dict[str, Any] | None:
        if self.value is None:
            return None
        return {k: _json(v) for k, v in self.value.body.items() if k not in NOT_FIGURES}


def parameters_in_force(parameters: ParameterFile, *, as_of: date) -> list[ParameterInForce]:
    """Every parameter of the file with the value in force on `as_of`, or none when there is a gap."""
    listing = []
    for name in parameters.names():
        try:
            listing.append(ParameterInForce(name, parameters.in_force(name, as_of)))
        except ParameterNotInForce:
            listing.append(ParameterInForce(name, None))
    return listing


def list_rules() -> tuple[RuleEntry, ...]:
    return RULEBOOK


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
