from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from zjtx.common.money import YuanIn, format_fen

Uscc = Annotated[str, Field(min_length=1, max_length=40, description="统一社会信用代码")]
# Held as fen for the rules; kept in the claim's evidence as the yuan string it was sent as.
Yuan = Annotated[YuanIn, PlainSerializer(format_fen, return_type=str)]


class _Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SupplyEvidence(_Evidence):
    """A2.1: new supply to large enterprises, major projects or leading firms of the six clusters."""

    rule: Literal["A2.1"]
    year: int = Field(ge=2000, le=2100, description="a finished year (422 year_not_ended otherwise)")
    supply_amount: Yuan
    previous_year_supply_amount: Yuan
    buyer_name: str = Field(min_length=1, max_length=200)
    buyer_cluster: str = Field(
        min_length=1, max_length=40, description="the buyer's cluster: a code of the six clusters (clusters.csv)"
    )
    own_product: bool = Field(
        description="the product or technology is the enterprise's own (自主研发); false: the claim is rejected"
    )
    contract_refs: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(min_length=1, max_length=200)


class UpgradeEvidence(_Evidence):
    """A2.2: a technical-upgrade (技改) project."""

    rule: Literal["A2.2"]
    project_name: str = Field(min_length=1, max_length=200)
    investment_amount: Yuan
    completed_on: date = Field(description="not after today (422 date_in_future)")


class RentEvidence(_Evidence):
    """A3.rent: rent actually paid for research or production premises in a year."""

    rule: Literal["A3.rent"]
    year: int = Field(ge=2000, le=2100, description="a finished year (422 year_not_ended otherwise)")
    rent_paid: Yuan
    premises_use: Literal["research", "production"]


class TradeFairEvidence(_Evidence):
    """A6.1: the booth fee of a national trade fair."""

    rule: Literal["A6.1"]
    fair_name: str = Field(min_length=1, max_length=200)
    fair_level: Literal["national", "international", "regional", "local"] = Field(
        description="全国性 / international fairs are covered; a regional or local one is rejected"
    )
    held_on: date = Field(description="in a finished year (422 year_not_ended otherwise), not after today")
    booth_fee: Yuan


# What the policy calculator takes as a hypothetical claim: the same evidence, for no enterprise yet.
Evidence = Annotated[SupplyEvidence | UpgradeEvidence | RentEvidence | TradeFairEvidence, Field(discriminator="rule")]


# A real claim: the evidence, for an enterprise.
class SupplyClaim(SupplyEvidence):
    uscc: Uscc


class UpgradeClaim(UpgradeEvidence):
    uscc: Uscc


class RentClaim(RentEvidence):
    uscc: Uscc


class TradeFairClaim(TradeFairEvidence):
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
                    "award_id": "0b8f0c55-3c39-4c43-8a1e-4f3a4b8f9a11",
                }
            ]
        }
    )

    id: uuid.UUID
    rule: str
    uscc: str
    status: Literal["accepted", "rejected", "rejected_on_review"] = Field(
        description="as decided now: a later fact (a late claim, recognition or size change) may change it; "
        "`rejected_on_review`: its award was rejected by a reviewer, and it may be filed again with new evidence"
    )
    reason: str | None
    reason_code: str | None = Field(
        description="stable code of the reason: before_policy, not_sme, outside_run, cap_used, fair_level, …"
    )
    award_id: uuid.UUID | None = Field(description="the latest award this claim brought (see its status)")
    evidence: dict[str, Any]
    explanation: dict[str, Any]
    submitted_by: str
    created_at: datetime
