from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from zjtx.awards.fields import DISTRICTS_SAID, RULES_SAID
from zjtx.common import workflow
from zjtx.common.dates import CalendarDay
from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.common.named import DistrictNamed, RuleNamed, TierNamed
from zjtx.common.reference import TIER_NAMES, describe_codes
from zjtx.common.rules import localised, said_in
from zjtx.common.web.funding import FundingRead

Status = Literal["computed", "reviewed", "approved", "disbursed", "recovery_due", "recovered", "rejected", "revoked"]
# What the 工信局 calls each status: for GET /v1/reference (the service definition's `statuses`).
STATUS_NAMES: dict[str, str] = workflow.STATUS_NAMES
STATUSES_SAID = (
    "`computed` → `reviewed` → `approved` (by another client than the reviewer) → `disbursed`; a paid award the "
    "facts no longer (wholly) support is `recovery_due`, then `recovered`; `rejected` (by a reviewer) and "
    "`revoked` (the facts no longer support it, before payment) are final"
)


class AwardRead(DistrictNamed, RuleNamed):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b8f0c55-3c39-4c43-8a1e-4f3a4b8f9a11",
                    "uscc": "91150105MA0Q4LJX27",
                    "park_id": None,
                    "subject_name": "内蒙古示例乳业科技有限公司",
                    "rule": "A2.2",
                    "amount": "500000.00",
                    "monetary": True,
                    "status": "computed",
                    "source": "claim:7d6f0c55-3c39-4c43-8a1e-4f3a4b8f9a10",
                    "reference_date": "2025-05-31",
                    "parameters_version": "common:2026-12-02.1+awards:2026-12-02.1",
                    "explanation": {
                        "rule": "A2.2",
                        "formula": ["20% × 2,500,000.00 = 500,000.00"],
                        "caps": ["500,000.00 ≤ cap per project 500,000.00: not capped"],
                    },
                    "funding": [
                        {"funder": "city", "amount": "250000.00", "funder_name": "市本级"},
                        {"funder": "150105", "amount": "250000.00", "funder_name": "赛罕区"},
                    ],
                    "district_code": "150105",
                    "district_name": "赛罕区",
                    "rule_name": "“专精特新”中小企业技改项目按投资额20%补助",
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="the award's id")
    uscc: str | None = Field(description="the enterprise's 统一社会信用代码; null for a park's plaque (A1.park)")
    park_id: uuid.UUID | None = Field(description="the park's id, for a plaque (A1.park); null otherwise")
    subject_name: str = Field(description="the enterprise's or the park's name (empty until the registry names it)")
    district_code: str = Field(description=f"the district or zone of the enterprise or park (F.1): {DISTRICTS_SAID}")
    rule: str = Field(description=f"the rule that grants it: {RULES_SAID}")
    amount: FenAsYuan = Field(description="the amount awarded, yuan (0.00 for a plaque)")
    monetary: bool = Field(description="false for the A1.park plaque, which is conferred, not paid")
    status: Status = Field(description=f"{STATUSES_SAID}; what is due back is in `recovery_due`")
    source: str | None = Field(
        description="what it was decided from: claim:<id>, recognition:<id>, relocation:<date>, scale:<year>, park:<id>"
    )
    reference_date: date = Field(description="the date of the fact it rewards: the parameters in force on it apply")
    parameters_version: str = Field(description="the version of the parameter file it was computed with")
    explanation: dict[str, Any] = Field(
        description="how it was computed: the rule, inputs, parameters read, formula and caps applied; "
        "formula, caps and reasons in the reader's language (Chinese unless `Accept-Language: en`)"
    )
    funding: list[FundingRead] = Field(description="who pays what (F.1); empty for a plaque")
    claim_id: uuid.UUID | None = Field(description="the claim that brought it (A2.1, A2.2, A3.rent, A6.1); else null")
    reviewed_by: str | None = Field(description="the client that reviewed it")
    review_note: str | None = Field(description="the reviewer's note")
    approved_by: str | None = Field(description="the client that approved it (never the reviewer)")
    approval_note: str | None = Field(description="the approver's note")
    rejected_by: str | None = Field(description="the client that rejected it (its reason: `closed_reason`)")
    rejected_at: datetime | None = Field(description="when it was rejected")
    payment_reference: str | None = Field(description="the treasury's payment reference, once disbursed")
    paid_on: date | None = Field(description="the day it was paid, once disbursed")
    closed_reason: str | None = Field(
        description="why it was rejected (as the reviewer typed it) or revoked (in Chinese, in English with "
        "`Accept-Language: en`)"
    )
    recovery_due: FenAsYuan | None = Field(description="paid and no longer supported by the facts: due back")
    recovery_reason: str | None = Field(
        description="why the amount is due back: in Chinese, in English with `Accept-Language: en`"
    )
    recovery_reference: str | None = Field(description="the treasury's reference of the money returned")
    recovered_on: date | None = Field(description="the day the amount due back came back")
    notice_starts_on: date | None = Field(
        default=None, description="public notice (公示): its first day, the review day; null if never on notice"
    )
    notice_ends_on: date | None = Field(
        default=None,
        description="public notice: its last day; approval from the day after, no objection open; null while on "
        "notice if the public holidays of the year it ends in are not on record yet (worked out once they are)",
    )
    created_at: datetime = Field(description="when it was computed")
    updated_at: datetime = Field(description="when it last changed")

    @computed_field(description="the status as the 工信局 calls it: 已核算, 已审核, …")  # type: ignore[prop-decorator]
    @property
    def status_name(self) -> str | None:
        return STATUS_NAMES.get(self.status)


def award_read(award, model: type[AwardRead] | None = None, *, language: str = "en", **more: Any) -> AwardRead:
    """The award as a reader of `language` reads it: the explanation's lines in that language."""
    return (model or AwardRead)(
        **more,
        id=award.id,
        uscc=award.uscc,
        park_id=award.park_id,
        subject_name=award.subject_name,
        district_code=award.district_code,
        rule=award.rule,
        amount=award.amount_fen,
        monetary=award.monetary,
        status=award.status,
        source=award.source,
        reference_date=award.reference_date,
        parameters_version=award.parameters_version,
        explanation=localised(award.explanation, language),
        funding=FundingRead.of(award.funding),
        claim_id=award.claim_id,
        reviewed_by=award.reviewed_by,
        review_note=award.review_note,
        approved_by=award.approved_by,
        approval_note=award.approval_note,
        rejected_by=award.rejected_by,
        rejected_at=award.rejected_at,
        payment_reference=award.payment_reference,
        paid_on=award.paid_on,
        closed_reason=said_in(language, award.closed_reason, award.closed_reason_zh),
        recovery_due=award.recovery_due_fen,
        recovery_reason=said_in(language, award.recovery_reason, award.recovery_reason_zh),
        recovery_reference=award.recovery_reference,
        recovered_on=award.recovered_on,
        notice_starts_on=award.notice_starts_on,
        notice_ends_on=award.notice_ends_on,
        created_at=award.created_at,
        updated_at=award.updated_at,
    )


class CreditListEntryRead(BaseModel):
    list: Literal["red", "black"] = Field(
        description="`black`: the serious-dishonesty list (严重失信主体名单, 黑名单); `red`: a list of good credit"
    )
    listed_on: date = Field(description="the day the enterprise was put on it")
    removed_on: date | None = Field(description="the first day it was no longer on it (信用修复); null: still on it")
    authority: str = Field(description="the authority that listed it")
    reason: str | None = Field(
        description="why it was listed, in the reader's language where the registry wrote it (an inspection's "
        "entry); a typed reason as typed"
    )


class RecognitionCheckRead(TierNamed):
    recognition_id: uuid.UUID = Field(description="the registry's id of the recognition")
    tier: str = Field(description=f"the tier recognised: {describe_codes(TIER_NAMES)}")
    recognized_on: date = Field(description="the day it was granted")
    expires_on: date = Field(description="the day it expires")
    status: str = Field(description="`valid`, `renewed`, `expired`, `revoked` or `withdrawn` (recorded in error)")
    revoked_on: date | None = Field(description="the day it was revoked, if it was")
    revoked_reason: str | None = Field(description="why it was revoked")


class EnterpriseCheckRead(BaseModel):
    credit_status: Literal["clear", "red_list", "black_list"] = Field(
        description="the enterprise's credit lists today: `black_list` when on the serious-dishonesty list "
        "(黑名单), else `red_list` when on a red list, else `clear`"
    )
    black_listed_on_reference_date: bool = Field(
        description="whether it was on the black list on the award's date (which bars the award: `credit_black_list`)"
    )
    credit_lists: list[CreditListEntryRead] = Field(description="every credit list entry known, oldest first")
    recognitions: list[RecognitionCheckRead] = Field(description="every recognition known, oldest first")


class RecoveryRead(BaseModel):
    amount: FenAsYuan = Field(description="what came back, yuan")
    reference: str = Field(description="the treasury's reference of the money returned")
    recovered_on: date = Field(description="the day it came back")
    recorded_by: str = Field(description="the client that recorded it (the finance bureau)")


class AwardView(AwardRead):
    """One award as a reviewer sees it: the award, and what to check of its enterprise (信用核查)."""

    enterprise_check: EnterpriseCheckRead | None = Field(
        description="the enterprise's credit status and recognitions (null for a park's plaque)"
    )
    recoveries: list[RecoveryRead] = Field(
        description="追回: what came back of it, payment by payment, oldest first (empty: nothing yet)"
    )
    recovered: FenAsYuan = Field(description="what came back of it in all, yuan")


class RecoveryCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [{"amount": "100000.00", "recovery_reference": "BACK-2026-0001", "recovered_on": "2026-03-01"}]
        },
    )

    amount: YuanIn = Field(
        description="what came back, yuan: more than 0.00 (`payment_invalid`), at most what is still due back "
        "(`recovery_exceeds_due`)"
    )
    recovery_reference: str = Field(
        min_length=1, max_length=100, description="the treasury's reference of the money returned"
    )
    recovered_on: CalendarDay = Field(
        description="the day it came back: not after today (`date_in_future`), nor before the award was paid "
        "(`payment_invalid`)"
    )


def award_view(award, check, recoveries=(), *, language: str = "en") -> AwardView:
    checked = None
    if check is not None:
        checked = EnterpriseCheckRead(
            credit_status=check.credit_status,
            black_listed_on_reference_date=check.on_list("black", check.reference_date),
            credit_lists=[
                CreditListEntryRead(
                    list=e.list,
                    listed_on=e.listed_on,
                    removed_on=e.removed_on,
                    authority=e.authority,
                    reason=said_in(language, e.reason, e.reason_zh),
                )
                for e in check.credit_lists
            ],
            recognitions=[
                RecognitionCheckRead(
                    recognition_id=r.recognition_id,
                    tier=r.tier,
                    recognized_on=r.recognized_on,
                    expires_on=r.expires_on,
                    status=r.status,
                    revoked_on=r.revoked_on,
                    revoked_reason=r.revoked_reason,
                )
                for r in check.recognitions
            ],
        )
    return award_read(
        award,
        AwardView,
        language=language,
        enterprise_check=checked,
        recoveries=[
            RecoveryRead(
                amount=r.amount_fen, reference=r.reference, recovered_on=r.recovered_on, recorded_by=r.recorded_by
            )
            for r in recoveries
        ],
        recovered=sum(r.amount_fen for r in recoveries),
    )
