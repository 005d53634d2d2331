from __future__ import annotations

from pydantic import BaseModel, Field


class KpiRead(BaseModel):
    rule: str = Field(description="the rule id of RULES.md the target comes from")
    name: str
    year: int
    period: str = Field(description="the calendar years counted, e.g. 2023-2025 for A12")
    actual: int
    target: int
    unit: str
    met: bool
    definition: str = Field(description="how `actual` is counted")


class KpiReport(BaseModel):
    year: int
    parameters_version: str
    items: list[KpiRead]
