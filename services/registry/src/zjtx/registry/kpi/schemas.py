from __future__ import annotations

from pydantic import BaseModel, Field


class KpiRead(BaseModel):
    rule: str = Field(description="the rule id of RULES.md the target comes from")
    name: str = Field(description="the target, in words: in Chinese, in English with `Accept-Language: en`")
    year: int = Field(description="the year asked for")
    period: str = Field(
        description="the calendar years counted; A12: 3-year windows, the first from the policy's first year "
        "(2022-2024 for 2022, 2023 and 2024), then rolling (2023-2025 for 2025)"
    )
    actual: int = Field(description="what the records count for the period")
    target: int = Field(description="the target's figure")
    target_label: str = Field(
        description="the target as the policy words it: `10家以上`, `200名左右`; in English `at least 10`, `about 200`"
    )
    unit: str = Field(description="what is counted: 家, 人次, 名; in English enterprises, person-times, persons")
    met: bool = Field(description="`actual` is at least `target`")
    definition: str = Field(description="how `actual` is counted: in Chinese, in English with `Accept-Language: en`")


class KpiReport(BaseModel):
    year: int = Field(description="the year asked for")
    parameters_version: str = Field(description="the version of the parameter file the targets were read from")
    items: list[KpiRead] = Field(description="each target of the year, in the order of the parameter file")
