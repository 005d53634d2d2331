from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.dates import CalendarDay
from zjtx.common.named import TierNamed
from zjtx.registry.fields import TIERS_SAID, FactDay

Tier = Literal[
    "municipal_zjtx",
    "region_zjtx",
    "region_little_giant",
    "national_little_giant",
    "single_champion",
    "innovative_sme",
]
Status = Literal["valid", "renewed", "expired", "revoked", "withdrawn"]
# What people call each status of a recognition: for GET /v1/reference (the definition's `statuses`).
STATUS_NAMES: dict[str, str] = {
    "valid": "有效",
    "renewed": "已复核续期",
    "expired": "已到期",
    "revoked": "已撤销",
    "withdrawn": "已撤回（误录）",
}
STATUSES_SAID = (
    "`valid`; `renewed` (replaced by its renewal); `expired` (its expiry date came); `revoked` (from "
    "`revoked_on`); `withdrawn` (recorded in error: it never held)"
)


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

    tier: Tier = Field(description=f"the tier recognised: {TIERS_SAID}")
    document_no: str = Field(min_length=1, max_length=100, description="the issuing document's number")
    recognized_on: FactDay = Field(description="the day it was granted: not after today (422 `date_in_future`)")
    expires_on: CalendarDay | None = Field(
        default=None,
        description="the day it lapses, after `recognized_on`; defaults to the tier's validity (3 years) later "
        "(422 `expiry_required` when no validity is on record for the date)",
    )
    renewal: bool = Field(default=False, description="a renewal after the re-review (复核), not a new recognition")


class RecognitionRevoke(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"revoked_on": "2025-01-15", "reason": "复核不合格"}]},
    )

    revoked_on: FactDay = Field(
        description="the day it was revoked: not after today (422 `date_in_future`), not before it was granted"
    )
    reason: str = Field(min_length=1, max_length=2000, description="why it was revoked")


class RecognitionRead(TierNamed):
    id: uuid.UUID = Field(description="the recognition's `id`")
    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    tier: Tier = Field(description=f"the tier recognised: {TIERS_SAID}")
    document_no: str = Field(description="the issuing document's number")
    recognized_on: date = Field(description="the day it was granted")
    expires_on: date = Field(description="the day it lapses (no longer valid on it)")
    renewal: bool = Field(description="a renewal after the re-review (复核)")
    held_tier_before: bool = Field(description="the enterprise held this tier before this recognition")
    status: Status = Field(description=STATUSES_SAID)
    revoked_on: date | None = Field(description="the day it was revoked, if it was")
    revoked_reason: str | None = Field(description="why it was revoked, if it was")
    withdrawn_reason: str | None = Field(description="why it was withdrawn as recorded in error, if it was")
    created_at: datetime = Field(description="when it was recorded")


class RecognitionWithdraw(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"reason": "认定文件登记的企业有误"}]},
    )

    reason: str = Field(min_length=1, max_length=2000, description="why the recognition was recorded in error")
