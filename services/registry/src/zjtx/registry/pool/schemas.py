from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.named import PoolNamed
from zjtx.common.uscc import Uscc
from zjtx.registry.fields import POOLS_SAID, FactDay


class PoolMemberCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"uscc": "91150105MA0Q4LJX27", "joined_on": "2025-03-01"}]},
    )

    uscc: Uscc = Field(description="the enterprise's 统一社会信用代码 (a registered enterprise)")
    joined_on: FactDay = Field(description="the day it entered the pool: not after today (422 `date_in_future`)")


class PoolMemberRead(PoolNamed):
    id: uuid.UUID = Field(description="the stay's `id`")
    pool: str = Field(description=f"the cultivation pool: {POOLS_SAID}")
    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    joined_on: date = Field(description="the day it entered the pool")
    left_on: date | None = Field(description="the day it left the pool; null while it is in it")
