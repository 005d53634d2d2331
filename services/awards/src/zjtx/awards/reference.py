"""Reference data the awards service validates against: Hohhot's 12 districts and zones and the six
clusters. Copies of shared/policy/facts shipped with the package, read once on first use, so a
deployment needs nothing beside the image."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

_DATA = resources.files("zjtx.awards") / "data"


@dataclass(frozen=True)
class Reference:
    divisions: dict[str, str]  # code -> name (9 旗县区 and 3 zones)
    clusters: dict[str, str]  # code -> name (六大产业集群)

    @classmethod
    def load(cls) -> Reference:
        return cls(divisions=_read_codes("divisions.csv"), clusters=_read_codes("clusters.csv"))


@cache
def load_reference() -> Reference:
    """The shipped reference data; files, not a connection, so reading it lazily is safe."""
    return Reference.load()


def _read_codes(name: str) -> dict[str, str]:
    with (_DATA / name).open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}
