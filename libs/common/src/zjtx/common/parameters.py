"""Dated parameters: each named parameter is a list of values with `valid_from` (and optional
`valid_to`), a rule id and a source. A computation reads the value in force on its reference date;
a date with none in force is an error, never a guess (STYLE: "Rules are data")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml


class ParameterNotInForce(LookupError):
    def __init__(self, name: str, on: date) -> None:
        super().__init__(f"no value of parameter {name!r} is in force on {on.isoformat()}")
        self.name = name
        self.on = on


@dataclass(frozen=True)
class ParameterValue:
    name: str
    valid_from: date
    valid_to: date | None
    body: dict[str, Any]

    @property
    def rule(self) -> str | None:
        return self.body.get("rule")


class ParameterFile:
    def __init__(self, version: str, entries: dict[str, list[ParameterValue]]) -> None:
        self.version = version
        self._entries = entries

    @classmethod
    def load(cls, path: Path) -> ParameterFile:
        raw = yaml.safe_load(Path(path).read_text())
        version = str(raw.pop("version"))
        entries = {
            name: sorted(
                (ParameterValue(name, v["valid_from"], v.get("valid_to"), v) for v in values),
                key=lambda value: value.valid_from,
            )
            for name, values in raw.items()
        }
        return cls(version, entries)

    def in_force(self, name: str, on: date) -> ParameterValue:
        """The value with the latest valid_from on or before `on`; a later value replaces an earlier
        one for good, so a value whose valid_to has passed leaves a gap, not the older value."""
        started = [value for value in self._entries.get(name, []) if value.valid_from <= on]
        if not started or (started[-1].valid_to is not None and on >= started[-1].valid_to):
            raise ParameterNotInForce(name, on)
        return started[-1]

    def values(self, name: str) -> list[ParameterValue]:
        return list(self._entries.get(name, []))

    def names(self) -> list[str]:
        return sorted(self._entries)
