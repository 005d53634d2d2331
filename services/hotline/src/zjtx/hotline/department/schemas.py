from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from zjtx.hotline.categories import CATEGORIES


class DepartmentCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"code": "RSJ", "name": "呼和浩特市人力资源和社会保障局"}]},
    )

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,19}$", description="upper-case letters, digits and _")
    name: str = Field(min_length=1, max_length=200)


class DepartmentRead(BaseModel):
    code: str
    name: str
    created_at: datetime


class RouteRead(BaseModel):
    category: str
    category_name: str
    department: str
    department_name: str


class RoutingRead(BaseModel):
    routes: list[RouteRead]


class RoutingUpdate(BaseModel):
    """The whole routing: every category to a department code."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "routes": {
                        "arrears": "GXJ",
                        "finance": "CZJ",
                        "awards_policy": "GXJ",
                        "inspection": "SCJGJ",
                        "permits": "ZWFWJ",
                        "other": "GXJ",
                    }
                }
            ]
        },
    )

    routes: dict[str, str] = Field(description=f"category -> department code; categories: {', '.join(CATEGORIES)}")
