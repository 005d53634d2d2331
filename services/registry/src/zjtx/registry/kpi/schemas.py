from __future__ import annotations

from pydantic import BaseModel, Field


class KpiRead(BaseModel):
    rule: str = Field(description="the rule id of RULES.md the target comes from")
    name: str
    year: int
    period: str = Field(
        description="the calendar years counted; A12: 3-year windows, the first from the policy's first year "
        "(2022-2024 for 2022, 2023 and 2024), then rolling (2023-2025 for 2025)"
    )
    actual: int
    target: int
    target_label: str = Field(description="the target as the policy words it: `at least 10`, `about 200` (左右)")
    unit: str
    met: bool
    definition: str = Field(description="how `actual` is counted")


class KpiReport(BaseModel):
    year: int
    parameters_version: str
    items: list[KpiRead]
