from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class LandPriorityFlag(BaseModel):
    """A3.land as the calculator shows it: the flag on a date, with the reasons."""

    rule: Literal["A3.land"] = Field(default="A3.land", description="the rule: A3.land, priority for land")
    on: date = Field(description="the date the flag is read on")
    eligible: bool = Field(description="priority in the land-supply plan (a flag, no money)")
    tiers: list[str] = Field(description="the little-giant or single-champion recognitions held on that date")
    reasons: list[str] = Field(description="why it is eligible or not, in words")


class LandPriorityRead(LandPriorityFlag):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "uscc": "91150105MA0Q4LJX27",
                    "name": "内蒙古示例乳业科技有限公司",
                    "cluster": "agri_food",
                    "rule": "A3.land",
                    "on": "2025-09-01",
                    "eligible": True,
                    "tiers": ["national_little_giant"],
                    "reasons": ["holds national_little_giant and works in the cluster agri_food"],
                }
            ]
        }
    )

    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    name: str = Field(description="the enterprise's name")
    cluster: str | None = Field(description="the enterprise's own cluster, if any (a project's may differ)")
