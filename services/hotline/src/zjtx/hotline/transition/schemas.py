from __future__ import annotations

import uuid
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class _Body(BaseModel):
    # Blanks are no text and no reason: stripped before the length checks.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReplyBody(_Body):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"text": "已督促付款单位于9月10日前支付全部货款。", "resolved": True}]}
    )
    text: str = Field(min_length=1, max_length=10_000, description="the department's answer (办结)")
    resolved: bool


class RateBody(_Body):
    rating: Literal["satisfied", "basically_satisfied", "unsatisfied"]
    visited_at: AwareDatetime = Field(description="when the return visit (回访) took place")


class ReassignBody(_Body):
    department: str = Field(min_length=1, max_length=20)
    reason: str = Field(min_length=1, max_length=2000)


class MergeBody(_Body):
    into: uuid.UUID = Field(description="the ticket kept; this one is its duplicate")
    reason: str | None = Field(default=None, max_length=2000)


class ReasonBody(_Body):
    reason: str = Field(min_length=1, max_length=2000)


class CloseBody(_Body):
    reason: str | None = Field(
        default=None, max_length=2000, description="required to close a replied ticket without a return visit"
    )


class ExtensionBody(_Body):
    days: int = Field(ge=1, le=90, description="calendar days added to the answer deadline")
    reason: str = Field(min_length=1, max_length=2000)
