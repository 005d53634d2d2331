from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

BankCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2,20}$")]


class BankCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"code": "DEMO", "name": "示例银行呼和浩特分行", "zhubaodai_partner": True}]},
    )

    code: BankCode
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    zhubaodai_partner: bool = False


class BankRead(BaseModel):
    code: str
    name: str
    zhubaodai_partner: bool
