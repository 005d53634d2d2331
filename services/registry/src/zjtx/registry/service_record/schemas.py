from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.registry.fields import FactDay

Kind = Literal["training", "health_check", "tracking_visit", "digital_service", "platform_service"]
Programme = Literal["policy_lecture", "entrepreneur_programme", "leading_talent_programme"]
KINDS_SAID = (
    "`training` (A8 training), `health_check` (A12 法治、信用体检, with its report), `tracking_visit` (A1.pools "
    "tracking visit), `digital_service` (A7 digital enablement), `platform_service` (A11 public service platform)"
)
PROGRAMMES_SAID = (
    "`policy_lecture` (policy lectures, person-times), `entrepreneur_programme` (专精特新 study programmes for "
    "entrepreneurs), `leading_talent_programme` (managers recommended to the MIIT leading-talent programme): A8"
)


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

    kind: Kind = Field(description=f"the service given: {KINDS_SAID}")
    occurred_on: FactDay = Field(description="the day it was given: not after today (422 `date_in_future`)")
    participants: int = Field(default=1, ge=1, le=100_000, description="person-times for training")
    programme: Programme | None = Field(
        default=None, description=f"required for training, and for training only (A8): {PROGRAMMES_SAID}"
    )
    provider: str | None = Field(default=None, max_length=200, description="who gave it")
    report_ref: str | None = Field(default=None, max_length=200, description="required for health checks (A12)")
    note: str | None = Field(default=None, max_length=2000, description="anything else worth keeping")


class ServiceRecordRead(BaseModel):
    id: uuid.UUID = Field(description="the record's `id`")
    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    kind: Kind = Field(description=f"the service given: {KINDS_SAID}")
    occurred_on: date = Field(description="the day it was given")
    participants: int = Field(description="person-times (training)")
    programme: Programme | None = Field(description=f"the training's programme: {PROGRAMMES_SAID}")
    provider: str | None = Field(description="who gave it")
    report_ref: str | None = Field(description="the health check's report")
    note: str | None = Field(description="anything else kept with it")
