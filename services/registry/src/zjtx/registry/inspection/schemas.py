from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.dates import CalendarDay


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

    inspection_type: str = Field(min_length=1, max_length=100)
    department: str = Field(min_length=1, max_length=100)
    ended_on: date = Field(description="not after today (422 date_in_future); before 2022-01-01: no A13 flags")
    published_on: date | None = Field(default=None, description="not after today")
    special_sector: bool = Field(default=False, description="special sectors are exempt from A13.1")
    result: str | None = Field(default=None, max_length=2000)
    list_entry: Literal["red", "black"] | None = Field(default=None, description="red or black list entry")


class InspectionPublication(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    published_on: CalendarDay = Field(
        description="the day the results were published: not before the inspection ended (`inspection_invalid`), "
        "not after today (`date_in_future`)"
    )
    reason: str | None = Field(default=None, max_length=2000, description="why it is given now or corrected")


class FlagRead(BaseModel):
    rule: Literal["A13.1", "A13.2"]
    message: str


class InspectionRead(BaseModel):
    id: uuid.UUID
    uscc: str
    inspection_type: str
    department: str
    ended_on: date
    published_on: date | None
    special_sector: bool
    result: str | None
    list_entry: str | None
    flags: list[FlagRead]
    explanation: dict[str, Any] = Field(description="the A13 figures read and each check with its numbers")
