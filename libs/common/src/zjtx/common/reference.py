"""Reference data every service validates against: Hohhot's 9 旗县区 and 3 zones, and the six
industrial clusters. Copies of shared/policy/facts shipped in this library (one copy, not one per
service), so a deployment needs nothing beside its image; a test keeps them equal to the facts."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

_DATA = resources.files("zjtx.common") / "data"


@dataclass(frozen=True)
class Reference:
    divisions: dict[str, str]  # code -> name (9 旗县区 and 3 zones)
    clusters: dict[str, str]  # code -> name (六大产业集群)


@cache
def load_reference() -> Reference:
    """The shipped reference data; files, not a connection, so reading it once, lazily, is safe."""
    return Reference(divisions=_read_codes("divisions.csv"), clusters=_read_codes("clusters.csv"))


def _read_codes(name: str) -> dict[str, str]:
    with (_DATA / name).open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}
