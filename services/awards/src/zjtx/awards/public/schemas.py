from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ListedEnterpriseRead(BaseModel):
    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    name: str = Field(description="the enterprise's name")


class ScaleUpListRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rule": "A4.list",
                    "year": 2024,
                    "items": [{"uscc": "91150105MA0Q4LJX27", "name": "内蒙古示例乳业科技有限公司"}],
                }
            ]
        }
    )

    rule: str = Field(default="A4.list", description="the rule that publishes the list: A4.list")
    year: int = Field(description="the third consecutive above-scale year")
    # The list of a year is the document the media publish: a few dozen names, returned whole.
    items: list[ListedEnterpriseRead] = Field(description="the enterprises listed, whole (not paged)")
