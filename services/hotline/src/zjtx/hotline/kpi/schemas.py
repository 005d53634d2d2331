from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class RateRead(BaseModel):
    value: str | None = Field(
        description="a percentage rounded half-up to two decimals; null when the denominator is 0"
    )
    numerator: int
    denominator: int
    definition: str


class RatesRead(BaseModel):
    response_rate: RateRead
    resolution_rate: RateRead
    satisfaction_rate: RateRead


class DepartmentRates(RatesRead):
    department: str | None = Field(description="null: tickets no department holds (no route for their category)")
    department_name: str | None


class KpiRead(BaseModel):
    from_: date = Field(alias="from", serialization_alias="from")
    to: date
    rule: str
    parameters_version: str
    overall: RatesRead
    departments: list[DepartmentRates]

    model_config = {"populate_by_name": True}


class RebuildRead(BaseModel):
    tickets_counted: int
