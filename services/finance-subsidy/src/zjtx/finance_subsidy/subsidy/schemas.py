from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, computed_field

from zjtx.common import workflow
from zjtx.common.money import FenAsYuan
from zjtx.common.named import DistrictNamed, RuleNamed
from zjtx.common.reference import describe_codes, load_reference
from zjtx.common.rules import localised, said_in
from zjtx.common.web.funding import FundingRead
from zjtx.finance_subsidy.rules.reasons import reason_name

DISTRICTS_SAID = describe_codes(load_reference().divisions)

Status = Literal["computed", "reviewed", "approved", "disbursed", "rejected", "revoked"]
# What the 工信局 calls each status: for GET /v1/reference (the service definition's `statuses`).
STATUS_NAMES: dict[str, str] = {status: workflow.STATUS_NAMES[status] for status in get_args(Status)}
STATUSES_SAID = (
    "`computed` → `reviewed` → `approved` (by another client than the reviewer) → `disbursed`; `rejected` (its "
    "place under the yearly cap freed) and `revoked` (the facts no longer support it) are final"
)
DECISIONS_SAID = (
    "`subsidised`; `refused` (the code says why); `waiting_lpr` (the LPR of the disbursement date is not "
    "published yet: decided once it is); `closed` (reviewers rejected its subsidy: it keeps what was paid)"
)
DECISION_CODES_SAID = (
    "`before_policy` (disbursed before 2022-01-01), `purpose_not_production` (not a production or operating "
    "loan), `not_little_giant` (no valid 国家级/自治区级 小巨人 recognition on the disbursement date), "
    "`recognition_revoked` (revoked before the period ended), `no_interest_paid`, `yearly_cap_reached` "
    "(500,000.00 a year used up), `closed_by_review`, `lpr_unknown`"
)


class RefusalNamed(BaseModel):
    """For a model with `code`, an A5.1 refusal's code (null when subsidised): its Chinese name beside it
    (rules.reasons), as zjtx.common.named's mixins put a name beside a code."""

    @computed_field(description="why it is not subsidised, in Chinese (null when it is)")  # type: ignore[prop-decorator]
    @property
    def code_name(self) -> str | None:
        code = self.code  # type: ignore[attr-defined]
        return None if code is None else reason_name(code)


class SubsidyRead(DistrictNamed, RuleNamed):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b8f0c55-3c39-4c43-8a1e-4f3a4b8f9a11",
                    "uscc": "91150105MA0Q4LJX27",
                    "bank_code": "DEMO",
                    "loan_id": "L-2024-0042",
                    "period_start": "2024-04-01",
                    "period_end": "2024-06-30",
                    "paid_on": "2024-06-30",
                    "year": 2024,
                    "rule": "A5.1",
                    "amount": "43125.00",
                    "entitled": "43125.00",
                    "already_paid": "0.00",
                    "status": "computed",
                    "explanation": {
                        "rule": "A5.1",
                        "formula": [
                            "days = 2024-06-30 − 2024-04-01 = 90",
                            "rate = 1-year LPR 3.45% (published 2024-02-20, in force on the disbursement date "
                            "2024-03-15) × 50% = 1.725%",
                            "10,000,000.00 × 1.725% × 90 / 360 = 43,125.00 → 43,125.00 (half-up to the fen)",
                        ],
                        "caps": [
                            "interest paid 95,000.00 ≥ 43,125.00: not limited",
                            "yearly cap 500,000.00 for 2024 (the year the interest was paid): used by periods paid "
                            "before 0.00, remaining 500,000.00: not capped",
                        ],
                    },
                    "funding": [
                        {"funder": "city", "amount": "21562.50", "funder_name": "市本级"},
                        {"funder": "150105", "amount": "21562.50", "funder_name": "赛罕区"},
                    ],
                    "district_code": "150105",
                    "district_name": "赛罕区",
                    "rule_name": "“小巨人”企业生产经营贷款按LPR的50%贴息",
                    "parameters_version": "2026-12-02.1",
                    "supersedes": None,
                    "recovery_due": "0.00",
                    "recovery_reason": None,
                    "reviewed_by": None,
                    "approved_by": None,
                    "payment_reference": None,
                    "disbursed_on": None,
                    "closed_reason": None,
                    "created_at": "2024-07-01T09:00:00+08:00",
                    "updated_at": "2024-07-01T09:00:00+08:00",
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="the subsidy's id")
    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    bank_code: str = Field(description="the lending bank's code")
    loan_id: str = Field(description="the bank's loan id")
    period_start: date = Field(description="the interest period's first day (counted)")
    period_end: date = Field(description="the interest period's end (not counted)")
    paid_on: date = Field(description="the day the interest was paid (the year it counts toward)")
    year: int = Field(description="the calendar year of paid_on: A5.1's cap of 500,000.00 is per enterprise and year")
    rule: str = Field(description="the rule it is paid under: `A5.1`")
    amount: FenAsYuan = Field(description="this subsidy's payment")
    entitled: FenAsYuan = Field(description="what the period is entitled to")
    already_paid: FenAsYuan = Field(description="what earlier subsidies of the period covered")
    status: Status = Field(description=STATUSES_SAID)
    explanation: dict[str, Any] = Field(
        description="how it was computed (A5.1): principal × (1-year LPR of the disbursement date × 50%) × days / "
        "360, limited to the interest paid and the yearly cap, with the parameters read"
    )
    funding: list[FundingRead] = Field(description="who pays it (F.1): the city and the enterprise's district")
    district_code: str = Field(description=f"the enterprise's district or zone, for F.1: {DISTRICTS_SAID}")
    parameters_version: str = Field(description="the version of the parameter file it was computed with")
    supersedes: uuid.UUID | None = Field(
        description="the subsidy it replaces (a correction or a late fact); null if none"
    )
    recovery_due: FenAsYuan = Field(description="what of it, paid, the facts no longer support (0.00 if nothing)")
    recovery_reason: str | None = Field(
        description="why it is due back (in Chinese, in English with `Accept-Language: en`); null if nothing is"
    )
    reviewed_by: str | None = Field(description="the client that reviewed it")
    approved_by: str | None = Field(description="the client that approved it (not the reviewer)")
    payment_reference: str | None = Field(description="the treasury's payment reference, once disbursed")
    disbursed_on: date | None = Field(description="the day the subsidy was paid")
    closed_reason: str | None = Field(
        description="why it was rejected (as the reviewer typed it) or revoked (in Chinese, in English with "
        "`Accept-Language: en`)"
    )
    created_at: datetime = Field(description="when it was computed")
    updated_at: datetime = Field(description="when it last changed")

    @computed_field(description="the status as the 工信局 calls it: 已核算, 已审核, …")  # type: ignore[prop-decorator]
    @property
    def status_name(self) -> str | None:
        return STATUS_NAMES.get(self.status)


def subsidy_read(subsidy, language: str) -> SubsidyRead:
    return SubsidyRead(
        id=subsidy.id,
        uscc=subsidy.uscc,
        bank_code=subsidy.bank_code,
        loan_id=subsidy.loan_id,
        period_start=subsidy.period_start,
        period_end=subsidy.period_end,
        paid_on=subsidy.interest_paid_on,
        year=subsidy.year,
        rule=subsidy.rule,
        amount=subsidy.amount_fen,
        entitled=subsidy.entitled_fen,
        already_paid=subsidy.already_paid_fen,
        status=subsidy.status,
        explanation=localised(subsidy.explanation, language),
        funding=FundingRead.of(subsidy.funding),
        district_code=subsidy.district_code,
        parameters_version=subsidy.parameters_version,
        supersedes=subsidy.supersedes_id,
        recovery_due=subsidy.recovery_due_fen,
        recovery_reason=said_in(language, subsidy.recovery_reason, subsidy.recovery_reason_zh),
        reviewed_by=subsidy.reviewed_by,
        approved_by=subsidy.approved_by,
        payment_reference=subsidy.payment_reference,
        disbursed_on=subsidy.paid_on,
        closed_reason=said_in(language, subsidy.closed_reason, subsidy.closed_reason_zh),
        created_at=subsidy.created_at,
        updated_at=subsidy.updated_at,
    )


class PeriodSummary(BaseModel):
    bank_code: str = Field(description="the lending bank's code")
    loan_id: str = Field(description="the bank's loan id")
    period_start: date = Field(description="the interest period's first day (counted)")
    period_end: date = Field(description="the interest period's end (not counted)")
    paid_on: date = Field(description="the day the interest was paid")
    decision: str = Field(description=f"the period's A5.1 decision: {DECISIONS_SAID}")
    code: str | None = Field(description=f"why it is not subsidised: {DECISION_CODES_SAID}; null when it is")
    amount: FenAsYuan = Field(description="the period's entitlement, after the interest limit and the cap")


class SubsidySummary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "uscc": "91150105MA0Q4LJX27",
                    "year": 2024,
                    "cap": "500000.00",
                    "used": "129375.00",
                    "remaining": "370625.00",
                    "periods": [],
                }
            ]
        }
    )

    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    year: int = Field(description="the calendar year of interest payments")
    cap: FenAsYuan = Field(description="A5.1's yearly cap per enterprise (parameter `interest_subsidy_cap`)")
    used: FenAsYuan = Field(description="what the year's periods are entitled to, in the order of payment")
    remaining: FenAsYuan = Field(description="cap − used, not below 0.00")
    periods: list[PeriodSummary] = Field(description="the interest periods paid in the year, in the order of payment")
