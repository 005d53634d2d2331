from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.registry.fields import FactDay

CreditList = Literal["red", "black"]
LIST_SAID = "`black`: the serious-dishonesty list (严重失信主体名单, 黑名单); `red`: a list of good credit (红名单)"


class CreditListEntryCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "list": "black",
                    "listed_on": "2025-03-01",
                    "authority": "市市场监督管理局",
                    "reason": "提供虚假材料骗取财政资金",
                }
            ]
        },
    )

    list: CreditList = Field(description=f"which list: {LIST_SAID}")
    listed_on: FactDay = Field(
        description="the day the enterprise was put on the list: not after today (`date_in_future`)"
    )
    removed_on: FactDay | None = Field(
        default=None,
        description="the day it was taken off (信用修复), when it already was: after `listed_on` "
        "(`credit_list_removal_invalid`), not after today",
    )
    authority: str = Field(min_length=1, max_length=100, description="the authority that listed it")
    reason: str | None = Field(default=None, max_length=2000, description="why it was listed")


class CreditListRemoval(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [{"removed_on": "2025-09-01", "reason": "信用修复完成, 已移出严重失信主体名单"}]
        },
    )

    removed_on: FactDay = Field(
        description="the first day the enterprise is no longer on the list (信用修复): after the listing day "
        "(`credit_list_removal_invalid`), not after today (`date_in_future`)"
    )
    reason: str = Field(min_length=1, max_length=2000, description="why it was taken off")


class CreditListEntryRead(BaseModel):
    id: uuid.UUID = Field(description="the entry's id")
    uscc: str = Field(description="the enterprise's unified social credit code")
    list: CreditList = Field(description=LIST_SAID)
    listed_on: date = Field(description="the day it was put on the list")
    removed_on: date | None = Field(description="the first day it was no longer on it; null: still on it")
    on_list_today: bool = Field(description="whether the enterprise is on this list today")
    authority: str = Field(description="the authority that listed it")
    reason: str | None = Field(
        description="why it was listed: as typed; an inspection's entry in Chinese, in English with "
        "`Accept-Language: en`"
    )
    removal_reason: str | None = Field(description="why it was taken off")
    inspection_id: uuid.UUID | None = Field(description="the inspection that listed it (A13.2), if any")
    created_at: datetime = Field(description="when it was recorded")
