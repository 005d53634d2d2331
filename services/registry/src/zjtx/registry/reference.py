"""Reference data the registry validates against: Hohhot's districts and zones, the six clusters, and
the dated parameters. Loaded once at start-up from files shipped with the package (copies of
shared/policy/facts), so a deployment needs nothing beside the image."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from zjtx.common.parameters import ParameterFile

_DATA = resources.files("zjtx.registry") / "data"


@dataclass(frozen=True)
class Reference:
    divisions: dict[str, str]  # code -> name (9 旗县区 and 3 zones)
    clusters: dict[str, str]  # code -> name (六大产业集群)
    parameters: ParameterFile

    @classmethod
    def load(cls) -> Reference:
        return cls(
            divisions=_read_codes("divisions.csv"),
            clusters=_read_codes("clusters.csv"),
            parameters=ParameterFile.load(Path(str(_DATA / "parameters.yaml"))),
        )


def _read_codes(name: str) -> dict[str, str]:
    with (_DATA / name).open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}
