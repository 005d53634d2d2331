from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from zjtx.finance_subsidy.fields import BankCode, Name


class BankCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"code": "DEMO", "name": "示例银行呼和浩特分行", "zhubaodai_partner": True}]},
    )

    code: BankCode = Field(description="the bank's code, 2 to 20 capitals and digits; its keys are bound to it")
    name: Name = Field(description="the bank's name (1 to 200 characters)")
    zhubaodai_partner: bool = Field(
        default=False, description="a 助保贷 partner bank (A5.2 ceiling, A5.3 risk pool); default false"
    )


class BankRead(BaseModel):
    code: str = Field(description="the bank's code")
    name: str = Field(description="the bank's name")
    zhubaodai_partner: bool = Field(description="a 助保贷 partner bank: its 助保贷 loans fall under A5.2 and A5.3")
