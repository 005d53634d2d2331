from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from zjtx.awards.fields import CLUSTERS_SAID
from zjtx.awards.land_priority.schemas import LandPriorityFlag
from zjtx.common.dates import CalendarDay


class LandProjectCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"project_name": "乳制品智能工厂二期", "cluster": "agri_food", "dated_on": "2025-06-30"}]
        },
    )

    project_name: str = Field(min_length=1, max_length=200, description="the project's name")
    cluster: str = Field(
        min_length=1,
        max_length=40,
        description=f"the project's cluster, a code of the six clusters (else `cluster_unknown`): {CLUSTERS_SAID}",
    )
    dated_on: CalendarDay = Field(
        description="the project's date (its application for land): recognitions are read on it; not after today"
    )


class LandProjectRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "5e0c2a9e-8d7b-4b1f-9f7e-2f8b1c0d7a11",
                    "uscc": "91150105MA0Q4LJX27",
                    "project_name": "乳制品智能工厂二期",
                    "cluster": "agri_food",
                    "dated_on": "2025-06-30",
                    "priority": {
                        "rule": "A3.land",
                        "on": "2025-06-30",
                        "eligible": True,
                        "tiers": ["national_little_giant"],
                        "reasons": [
                            "holds national_little_giant on 2025-06-30 and the project is in the cluster agri_food"
                        ],
                    },
                    "recorded_by": "data-platform",
                    "created_at": "2025-07-01T09:00:00+08:00",
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="the project's id")
    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    project_name: str = Field(description="the project's name")
    cluster: str = Field(description=f"the project's cluster: {CLUSTERS_SAID}")
    dated_on: date = Field(description="the project's date (its application for land): recognitions are read on it")
    priority: LandPriorityFlag = Field(
        description="A3.land for this project, from the recognitions known now (a late one changes it)"
    )
    recorded_by: str = Field(description="the client that recorded it")
    created_at: datetime = Field(description="when it was recorded")
