from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from zjtx.finance_subsidy.fields import BankCode, Name


class BankCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"code": "DEMO", "name": "示例银行呼和浩特分行", "zhubaodai_partner": True}]},
    )

    code: BankCode
    name: Name
    zhubaodai_partner: bool = False


class BankRead(BaseModel):
    code: str
    name: str
    zhubaodai_partner: bool
