from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from zjtx.payments_watch.schemas import DecimalText

# What people call each level (A10.5).
LEVEL_NAMES = {"low": "低", "medium": "中", "high": "高"}


class RiskTermRead(BaseModel):
    name: Literal["overdue_amount", "longest_days_overdue", "overdue_contracts", "arrears_complaints"] = Field(
        description="the term: the overdue amount, the longest days overdue, the overdue contracts, the arrears "
        "complaints of the last 12 months (A10.5)"
    )
    value: str = Field(description="yuan for the amount, a count for the others")
    scale: str = Field(description="the value at which the term takes its whole weight (parameter)")
    weight: int = Field(description="the term's weight: 40, 30, 20, 10 (parameters)")
    points: DecimalText = Field(description="weight × min(1, value ÷ scale), rounded half-up to two decimals")


class RiskRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "buyer_code": "11150100011526044W",
                    "name": "呼和浩特市示例局",
                    "as_of": "2025-09-01",
                    "score": "37.00",
                    "level": "medium",
                    "terms": [
                        {
                            "name": "overdue_amount",
                            "value": "350000.00",
                            "scale": "1000000.00",
                            "weight": 40,
                            "points": "14.00",
                        },
                        {"name": "longest_days_overdue", "value": "45", "scale": "90", "weight": 30, "points": "15.00"},
                        {"name": "overdue_contracts", "value": "2", "scale": "5", "weight": 20, "points": "8.00"},
                        {"name": "arrears_complaints", "value": "0", "scale": "3", "weight": 10, "points": "0.00"},
                    ],
                    "parameters_version": "2026-12-02.1",
                    "explanation": {"rule": "A10.5"},
                }
            ]
        }
    )

    buyer_code: str = Field(description="the buyer's 统一社会信用代码")
    name: str = Field(description="the buyer's name")
    as_of: date = Field(description="the day it is computed for")
    score: DecimalText = Field(description="A10.5, 0-100: the sum of the four terms' points")
    level: Literal["low", "medium", "high"] = Field(description="low < 30 ≤ medium < 60 ≤ high (parameters)")
    terms: list[RiskTermRead] = Field(description="the four terms, each with its value, scale, weight and points")
    parameters_version: str = Field(description="the version of the parameter file it was computed with")
    explanation: dict[str, Any] = Field(description="the score explained: inputs, parameters, each term")

    @computed_field(description="the level in Chinese: 低, 中, 高")  # type: ignore[prop-decorator]
    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]
