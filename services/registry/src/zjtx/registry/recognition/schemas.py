from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Tier = Literal[
    "municipal_zjtx",
    "region_zjtx",
    "region_little_giant",
    "national_little_giant",
    "single_champion",
    "innovative_sme",
]


class RecognitionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "tier": "municipal_zjtx",
                    "document_no": "呼工信发〔2024〕37号",
                    "recognized_on": "2024-06-18",
                    "expires_on": None,
                    "renewal": False,
                }
            ]
        },
    )

    tier: Tier
    document_no: str = Field(min_length=1, max_length=100, description="the issuing document's number")
    recognized_on: date = Field(description="not after today (422 date_in_future), not before 1949-10-01")
    expires_on: date | None = Field(default=None, description="defaults to the tier's validity (3 years) later")
    renewal: bool = Field(default=False, description="a renewal after the re-review (复核), not a new recognition")


class RecognitionRevoke(BaseModel):
    model_config = ConfigDict(extra="forbid")

    revoked_on: date = Field(description="not after today (422 date_in_future)")
    reason: str = Field(min_length=1, max_length=2000)


class RecognitionRead(BaseModel):
    id: uuid.UUID
    uscc: str
    tier: Tier
    document_no: str
    recognized_on: date
    expires_on: date
    renewal: bool
    held_tier_before: bool
    status: Literal["valid", "renewed", "expired", "revoked", "withdrawn"] = Field(
        description="valid, renewed (replaced by its renewal), expired, revoked (from `revoked_on`), or withdrawn "
        "(recorded in error: it never held)"
    )
    revoked_on: date | None
    revoked_reason: str | None
    withdrawn_reason: str | None = Field(description="why it was withdrawn as recorded in error")
    created_at: datetime


class RecognitionWithdraw(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=2000, description="why the recognition was recorded in error")
