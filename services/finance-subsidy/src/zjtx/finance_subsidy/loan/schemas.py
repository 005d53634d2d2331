from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from zjtx.common.money import FenAsYuan
from zjtx.common.rules import localised
from zjtx.finance_subsidy.intake.schemas import EVENT_TYPES_SAID, PRODUCTS_SAID, PURPOSES_SAID
from zjtx.finance_subsidy.pool.schemas import CompensationRead, RecoveryRead
from zjtx.finance_subsidy.rules.reasons import CEILING_NAMES, DECISION_NAMES, reason_name
from zjtx.finance_subsidy.subsidy.schemas import DECISION_CODES_SAID, DECISIONS_SAID, STATUSES_SAID, RefusalNamed
from zjtx.finance_subsidy.subsidy.schemas import STATUS_NAMES as SUBSIDY_STATUS_NAMES

# What people call a loan's status.
LOAN_STATUS_NAMES = {"active": "正常", "repaid": "已结清", "defaulted": "已违约"}


class PeriodSubsidy(BaseModel):
    id: uuid.UUID = Field(description="the subsidy's id (GET /v1/subsidies/{id})")
    amount: FenAsYuan = Field(description="what this subsidy pays")
    status: str = Field(description=f"its status in the workflow: {STATUSES_SAID}")
    recovery_due: FenAsYuan = Field(description="what of it, paid, the facts no longer support (0.00 if nothing)")

    @computed_field(description="the status in Chinese: 已核算, 已审核, …")  # type: ignore[prop-decorator]
    @property
    def status_name(self) -> str | None:
        return SUBSIDY_STATUS_NAMES.get(self.status)


class PeriodRead(RefusalNamed):
    period_start: date = Field(description="the period's first day (counted)")
    period_end: date = Field(description="the period's end (not counted)")
    outstanding_principal: FenAsYuan = Field(description="the principal outstanding over the period")
    interest_amount: FenAsYuan = Field(description="the interest the enterprise paid for it")
    paid_on: date = Field(description="the day the interest was paid: the A5.1 cap year it counts toward")
    revision: int = Field(description="1, and one more for each correction the bank reported")
    decision: str = Field(description=f"the period's A5.1 decision: {DECISIONS_SAID} (or `pending` while decided)")
    code: str | None = Field(description=f"why it is not subsidised: {DECISION_CODES_SAID}; null when it is")
    entitled: FenAsYuan = Field(description="what the period is entitled to, after the interest limit and the cap")
    explanation: dict[str, Any] = Field(description="the A5.1 decision explained: inputs, parameters, formula, caps")
    subsidies: list[PeriodSubsidy] = Field(description="the subsidies made for it (a correction adds or revokes)")

    @computed_field(description="the decision in Chinese: 予以贴息, 不予贴息, …")  # type: ignore[prop-decorator]
    @property
    def decision_name(self) -> str | None:
        return DECISION_NAMES.get(self.decision)


class HeldEventRead(BaseModel):
    event_id: str = Field(description="the bank's id of the event")
    type: str = Field(description=f"the event: {EVENT_TYPES_SAID}")
    status: str = Field(description="`held` (waiting for this loan, then applied) or `refused` (found invalid)")
    reason: str | None = Field(
        description="why it was held or refused: in Chinese, in English with `Accept-Language: en`"
    )
    received_at: datetime = Field(description="when the service received it")


class RepaymentRead(BaseModel):
    amount: FenAsYuan = Field(description="the principal repaid")
    repaid_on: date = Field(description="the day it was repaid")


class LoanSummaryRead(BaseModel):
    bank_code: str = Field(description="the lending bank's code")
    loan_id: str = Field(description="the bank's own loan id")
    uscc: str = Field(description="the borrower's 统一社会信用代码")
    principal: FenAsYuan = Field(description="the principal disbursed")
    annual_rate: str = Field(description='the agreed rate, percent a year ("4.11")')
    disbursed_on: date = Field(description="the disbursement day: A5.1 and A5.2 read the LPR in force on it")
    maturity_on: date = Field(description="the maturity")
    purpose: str = Field(description=f"the loan's purpose: {PURPOSES_SAID}")
    product: Literal["standard", "zhubaodai"] = Field(description=PRODUCTS_SAID)
    status: Literal["active", "repaid", "defaulted"] = Field(
        description="`active`; `repaid` once the outstanding principal is 0.00; `defaulted` once the bank reported it"
    )
    outstanding_principal: FenAsYuan = Field(description="the principal still owed: disbursed less repaid")
    flags: list[str] = Field(
        description="`rate_above_ceiling` (A5.2: a 助保贷 loan above LPR + 100 bp, not subsidised as 助保贷) or "
        "`not_zhubaodai_partner` (a 助保贷 loan of a bank that is no partner)"
    )
    ceiling: dict[str, Any] | None = Field(
        description="A5.2 for a 助保贷 loan: status (`within_ceiling`, `rate_above_ceiling`, `not_zhubaodai_partner`, "
        "`before_policy`, `waiting_lpr`) and its `status_name` in Chinese, the ceiling and the LPR (and its date) "
        "it was computed from"
    )

    @computed_field(description="the status in Chinese: 正常, 已结清, 已违约")  # type: ignore[prop-decorator]
    @property
    def status_name(self) -> str | None:
        return LOAN_STATUS_NAMES.get(self.status)

    @computed_field(description="the flags in Chinese, in the same order")  # type: ignore[prop-decorator]
    @property
    def flag_names(self) -> list[str]:
        return [reason_name(flag) for flag in self.flags]


class LoanRead(LoanSummaryRead):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "bank_code": "DEMO",
                    "loan_id": "L-2024-0042",
                    "uscc": "91150105MA0Q4LJX27",
                    "principal": "10000000.00",
                    "annual_rate": "4.11",
                    "disbursed_on": "2024-11-01",
                    "maturity_on": "2025-11-01",
                    "purpose": "working_capital",
                    "product": "zhubaodai",
                    "status": "active",
                    "outstanding_principal": "10000000.00",
                    "flags": ["rate_above_ceiling"],
                    "ceiling": {
                        "status": "rate_above_ceiling",
                        "status_name": "利率超过上限",
                        "ceiling": "4.10",
                        "lpr": "3.10",
                        "lpr_published_on": "2024-10-21",
                    },
                    "defaulted_on": None,
                    "periods": [],
                    "held_events": [],
                    "repayments": [],
                    "compensation": None,
                    "recoveries": [],
                }
            ]
        }
    )

    defaulted_on: date | None = Field(description="the day of the default the bank reported; null if none")
    periods: list[PeriodRead] = Field(description="its interest periods, in the order of their start")
    held_events: list[HeldEventRead] = Field(description="events about it still held or refused")
    repayments: list[RepaymentRead] = Field(description="the principal repaid, in order")
    compensation: CompensationRead | None = Field(description="A5.3's compensation of its default; null if none")
    recoveries: list[RecoveryRead] = Field(description="what was recovered after its default, and the pool's share")


def percent(value: Decimal) -> str:
    """A rate as the API shows it: two decimals at least, more only when it has them (4.11, 3.875)."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    return f"{value:.2f}" if not isinstance(exponent, int) or exponent >= -2 else f"{normal:f}"


def loan_summary(loan, language: str) -> dict[str, Any]:
    return {
        "bank_code": loan.bank_code,
        "loan_id": loan.loan_id,
        "uscc": loan.uscc,
        "principal": loan.principal_fen,
        "annual_rate": percent(loan.annual_rate),
        "disbursed_on": loan.disbursed_on,
        "maturity_on": loan.maturity_on,
        "purpose": loan.purpose,
        "product": loan.product,
        "status": loan.status,
        "outstanding_principal": loan.outstanding_fen,
        "flags": list(loan.flags or []),
        "ceiling": _ceiling(loan.ceiling, language),
    }


def _ceiling(ceiling: dict[str, Any] | None, language: str) -> dict[str, Any] | None:
    """The A5.2 check as kept, its status's Chinese name beside it, its explanation in the reader's language."""
    if not ceiling:
        return ceiling
    named = {**ceiling, "status_name": CEILING_NAMES.get(ceiling.get("status"))}
    if "explanation" in ceiling:
        named["explanation"] = localised(ceiling["explanation"], language)
    return named
