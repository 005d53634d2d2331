from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class PoolMemberCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    uscc: str = Field(min_length=1, max_length=40)
    joined_on: date


class PoolMemberRead(BaseModel):
    id: uuid.UUID
    pool: str
    uscc: str
    joined_on: date
    left_on: date | None
