from __future__ import annotations

import uuid
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from zjtx.hotline.ticket.schemas import RATINGS_SAID


class _Body(BaseModel):
    # Blanks are no text and no reason: stripped before the length checks.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReplyBody(_Body):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"text": "已督促付款单位于9月10日前支付全部货款。", "resolved": True}]}
    )
    text: str = Field(min_length=1, max_length=10_000, description="the department's answer (办结)")
    resolved: bool = Field(description="the matter is resolved (A14.2's resolution rate counts it)")


class RateBody(_Body):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"rating": "satisfied", "visited_at": "2025-09-03T15:00:00+08:00"}]}
    )
    rating: Literal["satisfied", "basically_satisfied", "unsatisfied"] = Field(description=RATINGS_SAID)
    visited_at: AwareDatetime = Field(
        description="when the return visit (回访) took place: after the reply, not in the future (`visited_at_invalid`)"
    )


class ReassignBody(_Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"department": "CZJ", "reason": "属融资事项"}]})
    department: str = Field(min_length=1, max_length=20, description="the department it goes to, by its code")
    reason: str = Field(min_length=1, max_length=2000, description="why (退回重派)")


class MergeBody(_Body):
    into: uuid.UUID = Field(description="the ticket kept; this one is its duplicate")
    reason: str | None = Field(default=None, max_length=2000, description="why, if more than a duplicate")


class ReasonBody(_Body):
    reason: str = Field(min_length=1, max_length=2000, description="why")


class CloseBody(_Body):
    reason: str | None = Field(
        default=None, max_length=2000, description="required to close a replied ticket without a return visit"
    )


class ExtensionBody(_Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"days": 30, "reason": "需与付款单位核对账目"}]})
    days: int = Field(
        ge=1, le=90, description="calendar days added to the answer deadline, to at most 90 days from receipt"
    )
    reason: str = Field(min_length=1, max_length=2000, description="why it needs longer")
