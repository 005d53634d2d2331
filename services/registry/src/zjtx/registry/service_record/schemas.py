from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["training", "health_check", "tracking_visit", "digital_service", "platform_service"]
Programme = Literal["policy_lecture", "entrepreneur_programme", "leading_talent_programme"]


class ServiceRecordCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "training",
                    "occurred_on": "2025-04-12",
                    "participants": 3,
                    "programme": "policy_lecture",
                    "provider": "呼和浩特市中小企业服务中心",
                    "note": "专精特新政策宣讲",
                }
            ]
        },
    )

    kind: Kind = Field(
        description="A8 training, A12 health_check, A1 tracking_visit, A7 digital_service, A11 platform_service"
    )
    occurred_on: date
    participants: int = Field(default=1, ge=1, le=100_000, description="person-times for training")
    programme: Programme | None = Field(default=None, description="required for training (A8)")
    provider: str | None = Field(default=None, max_length=200)
    report_ref: str | None = Field(default=None, max_length=200, description="required for health checks (A12)")
    note: str | None = Field(default=None, max_length=2000)


class ServiceRecordRead(BaseModel):
    id: uuid.UUID
    uscc: str
    kind: Kind
    occurred_on: date
    participants: int
    programme: Programme | None
    provider: str | None
    report_ref: str | None
    note: str | None
