from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, computed_field

from zjtx.awards.fields import CLUSTERS_SAID
from zjtx.common.dates import CalendarDay, CalendarYear
from zjtx.common.money import YuanIn, format_fen
from zjtx.common.rules import localised, said_in
from zjtx.common.uscc import Uscc

# What a person reads for a claim's status (its file's 状态名称), as the registry's history says them.
CLAIM_STATUS_NAMES: dict[str, str] = {"accepted": "已受理", "rejected": "未通过", "rejected_on_review": "审核驳回"}

# Held as fen for the rules; kept in the claim's evidence as the yuan string it was sent as.
Yuan = Annotated[YuanIn, PlainSerializer(format_fen, return_type=str)]


class _Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SupplyEvidence(_Evidence):
    """A2.1: new supply to large enterprises, major projects or leading firms of the six clusters."""

    rule: Literal["A2.1"] = Field(description="A2.1: new supply to the six clusters' leading firms")
    year: CalendarYear = Field(description="the year of the supply: a finished year (422 year_not_ended otherwise)")
    supply_amount: Yuan = Field(description="the supply amount of the year, yuan")
    previous_year_supply_amount: Yuan = Field(
        description="the supply amount of the year before, yuan: A2.1 pays 5% of the increase"
    )
    buyer_name: str = Field(
        min_length=1, max_length=200, description="the buyer: a large enterprise, major project or leading firm"
    )
    buyer_cluster: str = Field(
        min_length=1,
        max_length=40,
        description=f"the buyer's cluster, a code of the six clusters (else `cluster_unknown`): {CLUSTERS_SAID}",
    )
    own_product: bool = Field(
        description="the product or technology is the enterprise's own (自主研发); false: the claim is rejected"
    )
    contract_refs: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        min_length=1, max_length=200, description="the references of the supply contracts, 1 to 200"
    )


class UpgradeEvidence(_Evidence):
    """A2.2: a technical-upgrade (技改) project."""

    rule: Literal["A2.2"] = Field(description="A2.2: a technical-upgrade (技改) project")
    project_name: str = Field(min_length=1, max_length=200, description="the upgrade project's name")
    investment_amount: Yuan = Field(description="the project's investment, yuan: A2.2 pays 20% from 1,000,000.00")
    completed_on: CalendarDay = Field(
        description="the day the project was completed: not after today (422 date_in_future)"
    )


class RentEvidence(_Evidence):
    """A3.rent: rent actually paid for research or production premises in a year."""

    rule: Literal["A3.rent"] = Field(description="A3.rent: rent paid for research or production premises")
    year: CalendarYear = Field(description="the year the rent was paid: a finished year (422 year_not_ended otherwise)")
    rent_paid: Yuan = Field(description="the rent actually paid in the year, yuan")
    premises_use: Literal["research", "production"] = Field(
        description="what the premises are used for: `research` (研发) or `production` (生产)"
    )


class TradeFairEvidence(_Evidence):
    """A6.1: the booth fee of a national trade fair."""

    rule: Literal["A6.1"] = Field(description="A6.1: the booth fee of a national trade fair")
    fair_name: str = Field(min_length=1, max_length=200, description="the trade fair's name")
    fair_level: Literal["national", "international", "regional", "local"] = Field(
        description="全国性 / international fairs are covered; a regional or local one is rejected"
    )
    held_on: CalendarDay = Field(
        description="the day the fair opened: in a finished year (422 year_not_ended otherwise), not after today"
    )
    booth_fee: Yuan = Field(description="the booth fee paid, yuan")


# What the policy calculator takes as a hypothetical claim: the same evidence, for no enterprise yet.
Evidence = Annotated[SupplyEvidence | UpgradeEvidence | RentEvidence | TradeFairEvidence, Field(discriminator="rule")]


def _example(**evidence: Any) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [{"uscc": "91150105MA0Q4LJX27", **evidence}]})


# A real claim: the evidence, for an enterprise.
class SupplyClaim(SupplyEvidence):
    model_config = _example(
        rule="A2.1",
        year=2024,
        supply_amount="3000000.00",
        previous_year_supply_amount="1000000.00",
        buyer_name="内蒙古伊利实业集团股份有限公司",
        buyer_cluster="agri_food",
        own_product=True,
        contract_refs=["HT-2024-017"],
    )
    uscc: Uscc


class UpgradeClaim(UpgradeEvidence):
    model_config = _example(
        rule="A2.2", project_name="乳品生产线智能化改造", investment_amount="2500000.00", completed_on="2025-05-31"
    )
    uscc: Uscc


class RentClaim(RentEvidence):
    model_config = _example(rule="A3.rent", year=2024, rent_paid="120000.00", premises_use="research")
    uscc: Uscc


class TradeFairClaim(TradeFairEvidence):
    model_config = _example(
        rule="A6.1",
        fair_name="中国国际中小企业博览会",
        fair_level="national",
        held_on="2024-06-26",
        booth_fee="30000.00",
    )
    uscc: Uscc


ClaimCreate = Annotated[SupplyClaim | UpgradeClaim | RentClaim | TradeFairClaim, Field(discriminator="rule")]


class ClaimRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "7d6f0c55-3c39-4c43-8a1e-4f3a4b8f9a10",
                    "rule": "A2.2",
                    "uscc": "91150105MA0Q4LJX27",
                    "status": "accepted",
                    "reason": None,
                    "reason_code": None,
                    "reason_code_name": None,
                    "award_id": "0b8f0c55-3c39-4c43-8a1e-4f3a4b8f9a11",
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="the claim's id")
    rule: str = Field(description="the rule claimed: `A2.1`, `A2.2`, `A3.rent` or `A6.1`")
    uscc: str = Field(description="the enterprise's 统一社会信用代码")
    status: Literal["accepted", "rejected", "rejected_on_review"] = Field(
        description="as decided now: a later fact (a late claim, recognition or size change) may change it; "
        "`rejected_on_review`: its award was rejected by a reviewer, and it may be filed again with new evidence"
    )
    reason: str | None = Field(
        description="why it is rejected, in words (Chinese unless `Accept-Language: en`); null when accepted"
    )
    reason_code: str | None = Field(
        description="stable code of the reason: before_policy, not_sme, outside_run, cap_used, fair_level, …"
    )
    award_id: uuid.UUID | None = Field(description="the latest award this claim brought (see its status)")
    evidence: dict[str, Any] = Field(description="the evidence as submitted (the fields of its rule)")
    explanation: dict[str, Any] = Field(
        description="how it was decided: the rule, inputs, parameters read, formula and caps applied; "
        "formula, caps and reasons in the reader's language (Chinese unless `Accept-Language: en`)"
    )
    submitted_by: str = Field(description="the client that submitted it")
    created_at: datetime = Field(description="when it was submitted")

    @computed_field(description="the status as the 工信局 calls it: 已受理, 未通过, 审核驳回")  # type: ignore[prop-decorator]
    @property
    def status_name(self) -> str | None:
        return CLAIM_STATUS_NAMES.get(self.status)

    # The name is the 工信局's, in Chinese for every reader (as `status_name` elsewhere): the table has no English.
    @computed_field(description="the reason code's Chinese name (低于最低投资额, …); null when accepted")  # type: ignore[prop-decorator]
    @property
    def reason_code_name(self) -> str | None:
        # Imported here: the rules (procedure) read this module's evidence schemas, and the table reads the rules.
        from zjtx.awards.rules.reasons import reason_name

        return reason_name(self.reason_code)


def claim_read(claim: Any, language: str) -> ClaimRead:
    """The claim as a reader of `language` reads it: the explanation's lines in that language, and a
    refusal's reason from the Chinese reasons kept beside the English ones (a claim decided before they
    were kept, or rejected by a reviewer, shows its stored reason)."""
    read = ClaimRead.model_validate(claim, from_attributes=True)
    reason = said_in(language, read.reason, chinese_reason(read.status, read.explanation))
    return read.model_copy(update={"explanation": localised(read.explanation, language), "reason": reason})


def chinese_reason(status: str, explanation: dict[str, Any]) -> str | None:
    """A refused claim's reason in Chinese, from the Chinese reasons its explanation keeps beside the
    English ones; None for one decided before they were kept, and for a reviewer's rejection (a person's
    words, shown as typed: its status is `rejected_on_review`)."""
    chinese = explanation.get("zh")
    if status != "rejected" or not isinstance(chinese, dict):
        return None
    return "；".join(chinese.get("reasons") or []) or None
