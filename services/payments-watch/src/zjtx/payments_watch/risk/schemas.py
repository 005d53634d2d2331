from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zjtx.payments_watch.schemas import DecimalText


class RiskTermRead(BaseModel):
    name: Literal["overdue_amount", "longest_days_overdue", "overdue_contracts", "arrears_complaints"]
    value: str = Field(description="yuan for the amount, a count for the others")
    scale: str
    weight: int
    points: DecimalText = Field(description="weight × min(1, value ÷ scale), rounded half-up to two decimals")


class RiskRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "buyer_code": "11150100011526044W",
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
                }
            ]
        }
    )

    buyer_code: str
    name: str
    as_of: date
    score: DecimalText
    level: Literal["low", "medium", "high"]
    terms: list[RiskTermRead]
    parameters_version: str
    explanation: dict[str, Any]
