from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from zjtx.common.events.registry import Tier
from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.finance_subsidy.fields import AreaCode, BankCode, Identifier
from zjtx.finance_subsidy.intake.schemas import PercentRate, Product, Purpose
from zjtx.finance_subsidy.subsidy.schemas import FundingRead


class RecognitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tier: Tier
    recognized_on: date
    expires_on: date | None = Field(default=None, description="default: the tier's validity (3 years)")
    revoked_on: date | None = None


class PeriodIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period_start: date
    period_end: date
    outstanding_principal: YuanIn
    interest_amount: YuanIn
    paid_on: date


class LoanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bank_code: BankCode = "SIM"
    loan_id: Identifier
    principal: YuanIn
    annual_rate: PercentRate
    disbursed_on: date
    maturity_on: date
    purpose: Purpose
    product: Product = "standard"
    zhubaodai_partner: bool = Field(default=True, description="whether the bank is a 助保贷 partner (A5.2)")
    periods: list[PeriodIn] = Field(default_factory=list, max_length=400)


class SimulateIn(BaseModel):
    """An enterprise's recognitions and hypothetical loans with their interest periods. Nothing is stored."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "district_code": "150105",
                    "recognitions": [{"tier": "national_little_giant", "recognized_on": "2023-07-01"}],
                    "loans": [
                        {
                            "loan_id": "L-1",
                            "principal": "10000000.00",
                            "annual_rate": "3.80",
                            "disbursed_on": "2024-03-15",
                            "maturity_on": "2025-03-15",
                            "purpose": "working_capital",
                            "periods": [
                                {
                                    "period_start": "2024-04-01",
                                    "period_end": "2024-06-30",
                                    "outstanding_principal": "10000000.00",
                                    "interest_amount": "95000.00",
                                    "paid_on": "2024-06-30",
                                }
                            ],
                        }
                    ],
                }
            ]
        },
    )

    uscc: Annotated[str, StringConstraints(max_length=40)] | None = None
    district_code: AreaCode = Field(default="150105", description="for the F.1 split shown")
    recognitions: list[RecognitionIn] = Field(default_factory=list, max_length=50)
    loans: list[LoanIn] = Field(min_length=1, max_length=50)


class SimulatedPeriod(BaseModel):
    bank_code: str
    loan_id: str
    period_start: date
    period_end: date
    paid_on: date
    year: int
    status: str = Field(description="subsidised, refused, waiting_lpr")
    code: str | None
    amount: FenAsYuan
    explanation: dict[str, Any]
    funding: list[FundingRead]


class SimulatedYear(BaseModel):
    year: int
    cap: FenAsYuan
    used: FenAsYuan
    remaining: FenAsYuan


class SimulatedLoan(BaseModel):
    bank_code: str
    loan_id: str
    flags: list[str]
    ceiling: dict[str, Any] | None


class SimulateOut(BaseModel):
    periods: list[SimulatedPeriod]
    years: list[SimulatedYear]
    loans: list[SimulatedLoan]
    total: FenAsYuan
