"""The awards parameter file shipped with the package (data/parameters.yaml)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from zjtx.common.parameters import ParameterFile


def load_parameters() -> ParameterFile:
    return ParameterFile.load(Path(str(resources.files("zjtx.awards") / "data" / "parameters.yaml")))
