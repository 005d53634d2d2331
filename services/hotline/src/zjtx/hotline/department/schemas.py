from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from zjtx.hotline.categories import CATEGORIES_SAID


class DepartmentCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"code": "RSJ", "name": "呼和浩特市人力资源和社会保障局"}]},
    )

    code: str = Field(
        pattern=r"^[A-Z][A-Z0-9_]{1,19}$",
        description="the department's code: 2 to 20 upper-case letters, digits and _, a letter first",
    )
    name: str = Field(min_length=1, max_length=200, description="the department's name")


class DepartmentRead(BaseModel):
    code: str = Field(description="the department's code")
    name: str = Field(description="the department's name")
    created_at: datetime = Field(description="when it was added")


class RouteRead(BaseModel):
    category: str = Field(description=CATEGORIES_SAID)
    category_name: str = Field(description="the category's name")
    department: str = Field(description="the department its tickets go to, by code")
    department_name: str = Field(description="that department's name")


class RoutingRead(BaseModel):
    routes: list[RouteRead] = Field(description="every category's route, by category")


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

    routes: dict[str, str] = Field(
        description=f"category -> department code, for every category (`routing_incomplete` otherwise): "
        f"{CATEGORIES_SAID}"
    )
