from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.named import DistrictNamed
from zjtx.registry.fields import DISTRICTS_SAID, DistrictCode


class ParkCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "呼和浩特金山高新区智能制造产业园", "district_code": "Z-JSGX"}]},
    )

    name: str = Field(min_length=1, max_length=200, description="the park's name; unique (409 `park_exists`)")
    district_code: DistrictCode = Field(
        description=f"the 旗县区 or zone it is in (an unknown code is 422 `district_unknown`): {DISTRICTS_SAID}",
        examples=["Z-JSGX"],
    )


class ParkRead(DistrictNamed):
    id: uuid.UUID = Field(description="the park's `id`")
    name: str = Field(description="the park's name")
    district_code: str = Field(description=f"the 旗县区 or zone it is in: {DISTRICTS_SAID}")
    zjtx_count: int = Field(
        description="enterprises in the park holding a valid 专精特新 recognition of any level today"
    )
    threshold: int = Field(description="A1.park: the count that earns the plaque")
    qualified_on: date | None = Field(description="the day the park reached the threshold (A1.park)")
