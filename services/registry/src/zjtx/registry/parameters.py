"""The registry's own parameters (data/parameters.yaml) and the model each must fit; the shared ones
(recognition validity, the park threshold, the policy's start) are the kit's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.parameters import Count, ParameterModel, ParameterSource, Threshold, YuanText


class Floor(BaseModel):
    """The floor of one size class in one sector: every measure given must be met (at or above)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    employees: Count
    revenue: YuanText | None = None


class SizeClasses(ParameterModel):
    sectors: dict[str, dict[Literal["large", "medium", "small"], Floor]]


class AboveScale(ParameterModel):
    thresholds: dict[str, YuanText]


class KpiTarget(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    name: str
    target: Annotated[int, Field(ge=1)]
    unit: str
    window_years: Annotated[int, Field(ge=1)]


class KpiTargets(ParameterModel):
    targets: list[KpiTarget]


REGISTRY_PARAMETERS = ParameterSource(
    "registry",
    Path(str(resources.files("zjtx.registry") / "data" / "parameters.yaml")),
    {
        "size_classes": SizeClasses,
        "above_scale": AboveScale,
        "inspections_same_type_per_year": Threshold,
        "inspection_publish_within_days": Threshold,
        "kpi_targets": KpiTargets,
    },
)
