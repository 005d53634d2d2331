from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from zjtx.common.dates import CalendarDay
from zjtx.common.events.registry import Tier
from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.common.reference import TIER_NAMES, describe_codes, load_reference
from zjtx.common.uscc import Uscc
from zjtx.common.web.funding import FundingRead
from zjtx.finance_subsidy.fields import AreaCode, BankCode, Identifier
from zjtx.finance_subsidy.intake.schemas import PRODUCTS_SAID, PURPOSES_SAID, PercentRate, Product, Purpose
from zjtx.finance_subsidy.rules.reasons import DECISION_NAMES
from zjtx.finance_subsidy.subsidy.schemas import DECISION_CODES_SAID, RefusalNamed


class RecognitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tier: Tier = Field(
        description=f"the tier recognised; A5.1 takes `national_little_giant` and `region_little_giant`: "
        f"{describe_codes(TIER_NAMES)}"
    )
    recognized_on: CalendarDay = Field(description="the recognition's date")
    expires_on: CalendarDay | None = Field(default=None, description="default: the tier's validity (3 years)")
    revoked_on: CalendarDay | None = Field(
        default=None, description="a revocation stops the subsidy of periods ending after it (A5.1)"
    )


class PeriodIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period_start: CalendarDay = Field(description="the period's first day (counted), within the loan")
    period_end: CalendarDay = Field(description="the period's end (not counted), after period_start, within the loan")
    outstanding_principal: YuanIn = Field(description="the principal outstanding over the period")
    interest_amount: YuanIn = Field(description="the interest paid for it: A5.1 never subsidises more")
    paid_on: CalendarDay = Field(description="the day it was paid: the year whose cap it counts toward")


class LoanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bank_code: BankCode = Field(default="SIM", description="a bank's code, to tell loans apart (default SIM)")
    loan_id: Identifier = Field(description="a loan id, unique per bank in the simulation")
    principal: YuanIn = Field(description="the loan's principal, more than 0.00")
    annual_rate: PercentRate = Field(description="the agreed rate, percent a year (A5.2 checks a 助保贷 loan's)")
    disbursed_on: CalendarDay = Field(description="the disbursement day: A5.1 and A5.2 read the LPR in force on it")
    maturity_on: CalendarDay = Field(description="the maturity, after disbursed_on")
    purpose: Purpose = Field(description=PURPOSES_SAID)
    product: Product = Field(default="standard", description=PRODUCTS_SAID)
    zhubaodai_partner: bool = Field(default=True, description="whether the bank is a 助保贷 partner (A5.2)")
    periods: list[PeriodIn] = Field(default_factory=list, max_length=400, description="its interest periods")


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

    uscc: Uscc | None = Field(default=None, description="the enterprise's credit code, shown in explanations; optional")
    district_code: AreaCode = Field(
        default="150105",
        description=f"the enterprise's district or zone, for the F.1 split shown (an unknown code is "
        f"`simulation_invalid`): {describe_codes(load_reference().divisions)}",
    )
    recognitions: list[RecognitionIn] = Field(
        default_factory=list, max_length=50, description="the enterprise's recognitions (A5.1 needs a 小巨人's)"
    )
    loans: list[LoanIn] = Field(min_length=1, max_length=50, description="the hypothetical loans, 1 to 50")


class SimulatedPeriod(RefusalNamed):
    bank_code: str = Field(description="the loan's bank code")
    loan_id: str = Field(description="the loan's id")
    period_start: date = Field(description="the period's first day")
    period_end: date = Field(description="the period's end (not counted)")
    paid_on: date = Field(description="the day the interest was paid")
    year: int = Field(description="the year of paid_on: the cap year")
    status: str = Field(description="`subsidised`, `refused` (the code says why), `waiting_lpr`")
    code: str | None = Field(description=f"why it is not subsidised: {DECISION_CODES_SAID}; null when it is")
    amount: FenAsYuan = Field(description="the subsidy, after the interest limit and the yearly cap")
    explanation: dict[str, Any] = Field(description="the A5.1 decision explained: inputs, parameters, formula, caps")
    funding: list[FundingRead] = Field(description="the F.1 split of the amount (empty when not subsidised)")

    @computed_field(description="the status in Chinese: 予以贴息, 不予贴息, 待LPR公布后决定")  # type: ignore[prop-decorator]
    @property
    def status_name(self) -> str | None:
        return DECISION_NAMES.get(self.status)


class SimulatedYear(BaseModel):
    year: int = Field(description="a calendar year of interest payments")
    cap: FenAsYuan = Field(description="A5.1's yearly cap per enterprise")
    used: FenAsYuan = Field(description="what the year's periods take of it")
    remaining: FenAsYuan = Field(description="cap − used, not below 0.00")


class SimulatedLoan(BaseModel):
    bank_code: str = Field(description="the loan's bank code")
    loan_id: str = Field(description="the loan's id")
    flags: list[str] = Field(description="`rate_above_ceiling` or `not_zhubaodai_partner` (A5.2), if any")
    ceiling: dict[str, Any] | None = Field(description="A5.2 for a 助保贷 loan: status, ceiling, LPR and its date")


class SimulateOut(BaseModel):
    periods: list[SimulatedPeriod] = Field(description="each period's A5.1 decision, by year and order of payment")
    years: list[SimulatedYear] = Field(description="each year's cap and its use")
    loans: list[SimulatedLoan] = Field(description="each loan's A5.2 check")
    total: FenAsYuan = Field(description="the subsidies of every period")
