from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.money import FenAsYuan
from zjtx.common.named import RuleNamed


class ObjectionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"raised_by": "张某（实名来信）", "reason": "该企业2024年存在欠薪投诉未结"}]},
    )

    raised_by: str = Field(min_length=1, max_length=200, description="who raised the objection (name or body)")
    reason: str = Field(min_length=1, max_length=2000, description="why: the objection as raised")


class ObjectionResolve(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"resolution": "经核查，投诉已于2025年8月结案，异议不成立"}]},
    )

    resolution: str = Field(min_length=1, max_length=2000, description="how it was resolved (kept on the record)")


class ObjectionRead(BaseModel):
    id: uuid.UUID = Field(description="the objection's id")
    award_id: uuid.UUID = Field(description="the award objected to")
    raised_by: str = Field(description="who raised it")
    reason: str = Field(description="why")
    recorded_by: str = Field(description="the client that recorded it")
    created_at: datetime = Field(description="when it was recorded")
    resolved_by: str | None = Field(description="the client that resolved it; null while open")
    resolved_at: datetime | None = Field(description="when it was resolved; null while open")
    resolution: str | None = Field(description="how it was resolved; null while open")


class NoticeRead(RuleNamed):
    name: str = Field(description="the enterprise's (or park's) name")
    rule: str = Field(description="the rule that grants the award (GET /v1/rules)")
    amount: FenAsYuan = Field(description="the award's amount, yuan")
    notice_starts_on: date = Field(description="the first day of the notice (the review day)")
    notice_ends_on: date | None = Field(
        description="the last day of the notice; null while the public holidays of the year it ends in are not "
        "on record (it runs on until they are); objections are taken until approval"
    )


def objection_read(row) -> ObjectionRead:
    return ObjectionRead(
        id=row.id,
        award_id=row.award_id,
        raised_by=row.raised_by,
        reason=row.reason,
        recorded_by=row.recorded_by,
        created_at=row.created_at,
        resolved_by=row.resolved_by,
        resolved_at=row.resolved_at,
        resolution=row.resolution,
    )


def notice_read(award) -> NoticeRead:
    return NoticeRead(
        name=award.subject_name,
        rule=award.rule,
        amount=award.amount_fen,
        notice_starts_on=award.notice_starts_on,
        notice_ends_on=award.notice_ends_on,
    )
