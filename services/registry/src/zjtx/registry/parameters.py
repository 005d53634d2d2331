"""The registry's own parameters (data/parameters.yaml) and the model each must fit; the shared ones
(recognition validity, the park threshold, the policy's start) are the kit's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from zjtx.common.events.registry import SECTORS
from zjtx.common.parameters import Count, ParameterModel, ParameterSource, Threshold, YuanText

MEASURES = ("employees", "revenue", "assets")
SIZES = ("large", "medium", "small")


class Floor(BaseModel):
    """The floor of one size class in one sector: every measure given must be met (at or above)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    employees: Count | None = None
    revenue: YuanText | None = None
    assets: YuanText | None = None

    @model_validator(mode="after")
    def _a_measure(self) -> Floor:
        if self.employees is None and self.revenue is None and self.assets is None:
            raise ValueError("a floor names at least one measure: employees, revenue or assets")
        return self

    def measures(self) -> tuple[str, ...]:
        return tuple(m for m in MEASURES if getattr(self, m) is not None)


class SizeClasses(ParameterModel):
    sectors: dict[str, dict[Literal["large", "medium", "small"], Floor]]

    @model_validator(mode="after")
    def _every_sector_every_class_alike(self) -> SizeClasses:
        if set(self.sectors) != set(SECTORS):
            raise ValueError(f"the sectors are those of the 2011 standard: {', '.join(SECTORS)}")
        for sector, floors in self.sectors.items():
            if set(floors) != set(SIZES) or len({floor.measures() for floor in floors.values()}) != 1:
                raise ValueError(f"{sector}: large, medium and small, each with the same measures")
        return self


class AboveScale(ParameterModel):
    thresholds: dict[str, YuanText]
    by_licence: list[str] = []

    @model_validator(mode="after")
    def _every_sector_once(self) -> AboveScale:
        named = [*self.thresholds, *self.by_licence]
        if sorted(named) != sorted(SECTORS):
            raise ValueError("each sector has a threshold or goes by licence, once")
        return self


class KpiTarget(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    name: str
    name_zh: str  # the same for a Chinese reader (the default one)
    target: Annotated[int, Field(ge=1)]
    about: bool = False  # the policy says 左右 ("about 200"): shown as such, met at the figure
    unit: str
    unit_zh: str
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
