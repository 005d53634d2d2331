from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.registry.fields import FactDay


class InspectionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "inspection_type": "安全生产",
                    "department": "市应急管理局",
                    "ended_on": "2025-03-10",
                    "published_on": "2025-03-20",
                    "special_sector": False,
                }
            ]
        },
    )

    inspection_type: str = Field(
        min_length=1, max_length=100, description="the kind of inspection (安全生产, …): A13.1 counts each kind a year"
    )
    department: str = Field(min_length=1, max_length=100, description="the department that inspected")
    ended_on: FactDay = Field(
        description="the day it ended: not after today (422 `date_in_future`); before 2022-01-01: no A13 flags"
    )
    published_on: FactDay | None = Field(
        default=None, description="the day its results were published: not after today, not before it ended"
    )
    special_sector: bool = Field(default=False, description="special sectors are exempt from A13.1")
    result: str | None = Field(default=None, max_length=2000, description="what it found")
    list_entry: Literal["red", "black"] | None = Field(default=None, description="red or black list entry")


class InspectionPublication(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"published_on": "2025-03-25", "reason": "公示日期登记有误, 以门户网站为准"}]},
    )

    published_on: FactDay = Field(
        description="the day the results were published (YYYY-MM-DD): not before the inspection ended "
        "(`inspection_invalid`), not after today (`date_in_future`)"
    )
    reason: str | None = Field(default=None, max_length=2000, description="why it is given now or corrected")


class FlagRead(BaseModel):
    rule: Literal["A13.1", "A13.2"] = Field(
        description="`A13.1` more inspections of a kind in a year than allowed; `A13.2` results published late"
    )
    message: str = Field(
        description="what the flag is about, with its figures: in Chinese, in English with `Accept-Language: en`"
    )


class InspectionRead(BaseModel):
    id: uuid.UUID = Field(description="the inspection's `id`")
    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    inspection_type: str = Field(description="the kind of inspection")
    department: str = Field(description="the department that inspected")
    ended_on: date = Field(description="the day it ended")
    published_on: date | None = Field(description="the day its results were published; null if not yet")
    special_sector: bool = Field(description="a special sector (exempt from A13.1)")
    result: str | None = Field(description="what it found")
    list_entry: str | None = Field(description="`red` or `black`: the list it entered the enterprise on, if any")
    flags: list[FlagRead] = Field(description="the A13 flags it raises (none for one that ended before 2022)")
    explanation: dict[str, Any] = Field(description="the A13 figures read and each check with its numbers")
