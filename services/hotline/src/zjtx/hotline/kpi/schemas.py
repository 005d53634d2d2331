from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class RateRead(BaseModel):
    value: str | None = Field(
        description="a percentage rounded half-up to two decimals; null when the denominator is 0"
    )
    numerator: int = Field(description="the tickets counted above the line")
    denominator: int = Field(description="the tickets counted below it")
    definition: str = Field(
        description="what the rate is, in words, next to the number (A14.2): in Chinese, in English with "
        "`Accept-Language: en`"
    )


class RatesRead(BaseModel):
    response_rate: RateRead = Field(description="响应率: acknowledged within 1 working day ÷ received")
    resolution_rate: RateRead = Field(description="解决率: resolved ÷ replied")
    satisfaction_rate: RateRead = Field(description="满意率: satisfied and basically satisfied ÷ rated")


class DepartmentRates(RatesRead):
    department: str | None = Field(description="null: tickets no department holds (no route for their category)")
    department_name: str | None = Field(description="the department's name")


class KpiRead(BaseModel):
    from_: date = Field(alias="from", serialization_alias="from", description="the window's first day of receipt")
    to: date = Field(description="the window's last day of receipt")
    rule: str = Field(description="the rule the rates are of: `A14.2`")
    parameters_version: str = Field(description="the version of the parameter file they were computed with")
    overall: RatesRead = Field(description="every department together")
    departments: list[DepartmentRates] = Field(description="each department's (a handler client: its own)")

    model_config = {"populate_by_name": True}


class RebuildRead(BaseModel):
    tickets_counted: int = Field(description="the tickets the sums were recomputed from")
