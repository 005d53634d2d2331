"""The policy calculator's request and answer. Hypothetical claims are the claims API's own evidence
models, without the credit code. The profile gives facts only: whatever the live service works out from
them (that a recognition is not new because an earlier one of its level exists, which of A1.2 and A1.3
applies) the calculator works out the same way."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, model_validator

from zjtx.awards.claim.schemas import Evidence, RentEvidence, SupplyEvidence, TradeFairEvidence, UpgradeEvidence
from zjtx.awards.fields import CLUSTERS_SAID, DISTRICTS_SAID, RULES_SAID
from zjtx.awards.land_priority.schemas import LandPriorityFlag
from zjtx.common.dates import CalendarDay, CalendarYear
from zjtx.common.events.registry import SizeClass, Tier
from zjtx.common.money import FenAsYuan
from zjtx.common.named import FunderNamed, RuleNamed
from zjtx.common.reference import TIER_NAMES, describe_codes
from zjtx.common.uscc import Uscc
from zjtx.common.web.funding import FundingRead

# Every date and year of the profile is within the platform's calendar (1949-10-01 to 2099-12-31), so that
# date arithmetic (a recognition's validity) never leaves Python's calendar.
SIZES_SAID = "`large` 大型, `medium` 中型, `small` 小型, `micro` 微型 (中小企业划型标准规定); all but large are SMEs"


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RecognitionIn(_In):
    tier: Tier = Field(description=f"the tier recognised: {describe_codes(TIER_NAMES)}")
    recognized_on: CalendarDay = Field(description="the recognition's date: not after as_of")
    expires_on: CalendarDay | None = Field(
        default=None, description="default: recognized_on + the tier's validity (parameter recognition_validity_years)"
    )
    renewal: bool = Field(default=False, description="a renewal after the 3-year re-review (not a new recognition)")
    revoked_on: CalendarDay | None = Field(default=None, description="revoked from this date")


class RelocationIn(_In):
    moved_in_on: CalendarDay = Field(description="the day the registration moved into Hohhot: not after as_of")
    moved_from: str = Field(min_length=1, max_length=200, description="where the registration moved from")
    moved_from_division_code: str = Field(
        pattern=r"^\d{6}$", description="the division moved from (6 digits); A1.3 needs one outside Hohhot (not 1501…)"
    )


class CreditListIn(_In):
    list: Literal["red", "black"] = Field(
        description="`black`: the serious-dishonesty list (黑名单), which bars an award dated while on it "
        "(`credit_black_list`); `red`: a list of good credit, which bars nothing"
    )
    listed_on: CalendarDay = Field(description="put on the list on this date")
    removed_on: CalendarDay | None = Field(
        default=None, description="the first day off the list (信用修复); none: still on it"
    )

    @model_validator(mode="after")
    def _removed_after_listed(self) -> CreditListIn:
        if self.removed_on is not None and self.removed_on <= self.listed_on:
            raise ValueError("removed_on must be after listed_on")
        return self


class SizeIn(_In):
    effective_on: CalendarDay = Field(description="the size class below holds from this date until the next")
    size_class: SizeClass = Field(description=f"the size class: {SIZES_SAID}")


class LandProjectIn(_In):
    project_name: str = Field(min_length=1, max_length=200, description="the project's name")
    cluster: str = Field(
        min_length=1,
        max_length=40,
        description=f"the project's cluster, a code of the six clusters (else `cluster_unknown`): {CLUSTERS_SAID}",
    )
    dated_on: CalendarDay = Field(description="the project's date: its priority is read on it; not after as_of")


class ScaleReportIn(_In):
    year: CalendarYear = Field(description="the reported year: not after as_of's year")
    above_scale: bool = Field(description="whether the enterprise was above scale (规模以上) that year")


# Hypothetical claims take exactly the evidence POST /v1/claims takes, without the credit code.
SupplyClaimIn, UpgradeClaimIn, RentClaimIn, TradeFairClaimIn = (
    SupplyEvidence,
    UpgradeEvidence,
    RentEvidence,
    TradeFairEvidence,
)
SimulatedClaim = Evidence


class ParameterOverrideIn(_In):
    name: str = Field(
        min_length=1,
        max_length=100,
        examples=["upgrade_award"],
        description="the parameter's name, as GET /v1/parameters lists it (else `parameter_unknown`)",
    )
    key: str = Field(
        min_length=1,
        max_length=100,
        examples=["rate"],
        description="the figure of the parameter to override (its `values` key; else `parameter_unknown`)",
    )
    value: StrictStr | StrictInt | StrictFloat = Field(
        description='the figure in the parameter\'s own form: a rate (`"0.25"`), yuan (`"300000.00"`), '
        "a whole number or a date",
        examples=["0.25"],
    )


EXAMPLE_REQUEST = {
    "uscc": "91150105MA0Q4LJX27",
    "district_code": "150105",
    "cluster": "agri_food",
    "is_sme": True,
    "recognitions": [{"tier": "municipal_zjtx", "recognized_on": "2024-06-18"}],
    "relocations": [],
    "scale_reports": [],
    "claims": [
        {
            "rule": "A2.2",
            "project_name": "乳品生产线智能化改造",
            "investment_amount": "2500000.00",
            "completed_on": "2025-05-31",
        }
    ],
    "as_of": "2025-09-01",
    "parameter_overrides": [],
    "land_projects": [],
}


class SimulationRequest(_In):
    """An enterprise profile, hypothetical claims, and optionally a date and what-if parameters. For a
    `uscc` the service knows, each part not given (district, cluster, size, recognitions, relocations, scale
    reports, credit lists, claims, land-use projects) is the read model's; a part given replaces it whole."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_REQUEST]})

    uscc: Uscc | None = Field(
        default=None,
        description="the enterprise's 统一社会信用代码: one the service knows fills every part of the profile not "
        "given from its read model (its claims and land-use projects too); an unknown one with no district_code "
        "is `enterprise_not_found`, with one it is a label only",
    )
    district_code: str | None = Field(
        default=None,
        min_length=1,
        max_length=10,
        pattern=r"^[0-9A-Z-]+$",
        description=f"the enterprise's district or zone, for the F.1 split (an unknown code is `district_unknown`); "
        f"default the read model's for a known uscc: {DISTRICTS_SAID}",
    )
    cluster: str | None = Field(
        default=None,
        max_length=40,
        description=f"the enterprise's cluster, a code of the six clusters (else `cluster_unknown`): {CLUSTERS_SAID}",
    )
    is_sme: bool = Field(default=True, description="an SME on every date (when size_history is not given)")
    size_history: list[SizeIn] = Field(
        default_factory=list,
        max_length=50,
        description="the size class over time (the registry's history): SME status is read on each rule's date",
    )
    recognitions: list[RecognitionIn] = Field(
        default_factory=list, max_length=50, description="the enterprise's recognitions (A1.1, A1.2), up to 50"
    )
    relocations: list[RelocationIn] = Field(
        default_factory=list, max_length=20, description="moves of its registration into Hohhot (A1.3), up to 20"
    )
    scale_reports: list[ScaleReportIn] = Field(
        default_factory=list, max_length=100, description="whether it was above scale, year by year (A4.1), up to 100"
    )
    claims: list[SimulatedClaim] = Field(
        default_factory=list,
        max_length=100,
        description="hypothetical claims, the evidence POST /v1/claims takes without the credit code (A2.1, A2.2, "
        "A3.rent, A6.1), up to 100",
    )
    as_of: CalendarDay | None = Field(default=None, description="the day the calculator stands on (default today)")
    parameter_overrides: list[ParameterOverrideIn] = Field(
        default_factory=list, max_length=50, description="what-if figures in place of the parameters', up to 50"
    )
    land_projects: list[LandProjectIn] = Field(
        default_factory=list, max_length=50, description="land-use projects whose A3.land priority to read, up to 50"
    )
    credit_lists: list[CreditListIn] = Field(
        default_factory=list,
        max_length=20,
        description="credit list entries (信用核查), as the registry records them, up to 20",
    )


class SimulatedAward(RuleNamed):
    source: str = Field(description="what the decision comes from: `recognitions[0]`, `claims[1]`, `scale_reports`")
    rule: str = Field(description=f"the rule decided: {RULES_SAID}")
    eligible: bool = Field(description="whether the rule grants the award")
    amount: FenAsYuan = Field(description="the amount granted (0.00 when not eligible)")
    reason: str | None = Field(description="why it is not eligible, in words; null when it is")
    reason_code: str | None = Field(default=None, description="stable code of the reason (before_policy, …)")
    reference_date: date = Field(description="the date of the fact it rewards: the parameters in force on it apply")
    parameters_version: str = Field(description="the parameter file's version; `+what-if` when overridden")
    explanation: dict[str, Any] = Field(
        description="how it was decided: the rule, inputs, parameters read, formula and caps applied"
    )
    funding: list[FundingRead] = Field(description="F.1: half the city, half the district or zone")


class AppliedOverrideRead(BaseModel):
    name: str = Field(description="parameter.key")
    value: str = Field(description="the figure used in the simulation")
    original_value: str = Field(description="the figure of the parameter file it replaced")
    valid_from: date = Field(description="the first day of the parameter's value it replaced (in force on as_of)")
    rule: str | None = Field(description="the rule the parameter serves")


class SimulationRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "uscc": "91150105MA0Q4LJX27",
                    "district_code": "150105",
                    "as_of": "2025-09-01",
                    "parameters_version": "common:2026-12-02.1+awards:2026-12-02.1",
                    "overrides": [],
                    "awards": [
                        {
                            "source": "recognitions[0]",
                            "rule": "A1.1",
                            "eligible": True,
                            "amount": "200000.00",
                            "reason": None,
                            "reference_date": "2024-06-18",
                            "parameters_version": "common:2026-12-02.1+awards:2026-12-02.1",
                            "explanation": {
                                "rule": "A1.1",
                                "formula": ["one-time award for a new municipal recognition = 200,000.00"],
                            },
                            "funding": [
                                {"funder": "city", "amount": "100000.00", "funder_name": "市本级"},
                                {"funder": "150105", "amount": "100000.00", "funder_name": "赛罕区"},
                            ],
                        },
                        {
                            "source": "claims[0]",
                            "rule": "A2.2",
                            "eligible": True,
                            "amount": "500000.00",
                            "reason": None,
                            "reference_date": "2025-05-31",
                            "parameters_version": "common:2026-12-02.1+awards:2026-12-02.1",
                            "explanation": {
                                "rule": "A2.2",
                                "formula": [
                                    "investment 2,500,000.00 ≥ 1,000,000.00",
                                    "20% × 2,500,000.00 = 500,000.00",
                                ],
                                "caps": ["500,000.00 ≤ cap per project 500,000.00: not capped"],
                            },
                            "funding": [
                                {"funder": "city", "amount": "250000.00", "funder_name": "市本级"},
                                {"funder": "150105", "amount": "250000.00", "funder_name": "赛罕区"},
                            ],
                        },
                    ],
                    "total": "700000.00",
                    "funding": [
                        {"funder": "city", "amount": "350000.00", "funder_name": "市本级"},
                        {"funder": "150105", "amount": "350000.00", "funder_name": "赛罕区"},
                    ],
                    "land_priority": {
                        "rule": "A3.land",
                        "on": "2025-09-01",
                        "eligible": False,
                        "tiers": [],
                        "reasons": [
                            "no valid national/regional little-giant or single-champion recognition on 2025-09-01"
                        ],
                    },
                    "stored": False,
                }
            ]
        }
    )

    uscc: str | None = Field(description="the credit code given, if any")
    district_code: str = Field(description=f"the district or zone given or known: {DISTRICTS_SAID}")
    as_of: date = Field(description="the day the calculator stood on")
    parameters_version: str = Field(description="the parameter file's version; `+what-if` when overridden")
    overrides: list[AppliedOverrideRead] = Field(description="the what-if figures applied")
    awards: list[SimulatedAward] = Field(description="every decision, eligible or not, in date order")
    total: FenAsYuan = Field(description="the sum of the eligible amounts")
    funding: list[FundingRead] = Field(description="the total by funder (F.1)")
    land_priority: LandPriorityFlag = Field(
        description="A3.land on as_of: whether the profile holds a tier that gives its six-cluster projects priority"
    )
    land_projects: list[LandPriorityFlag] = Field(
        default=[], description="A3.land for each project given, on its own cluster and date"
    )
    stored: Literal[False] = Field(default=False, description="a simulation stores nothing")


class PopulationRequest(_In):
    """A year and what-if figures: what they would cost over every enterprise the service knows."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"year": 2025, "parameter_overrides": [{"name": "upgrade_award", "key": "rate", "value": "0.25"}]}
            ]
        },
    )

    year: CalendarYear = Field(
        description="the year whose awards to cost: those whose reference date falls in it (not after this year, "
        "else `year_in_future`)"
    )
    parameter_overrides: list[ParameterOverrideIn] = Field(
        default_factory=list,
        max_length=50,
        description="what-if figures in place of the values in force on as_of (the year's last day, or today in "
        "the current year), up to 50",
    )


class RuleCost(RuleNamed):
    rule: str = Field(description=f"the rule: {RULES_SAID}")
    awards: int = Field(description="how many eligible awards of the rule the year brings")
    amount: FenAsYuan = Field(description="their sum")


class Cost(BaseModel):
    total: FenAsYuan = Field(description="every eligible award of the year, summed")
    awards: int = Field(description="how many eligible awards")
    by_rule: list[RuleCost] = Field(description="by rule, in rule order; rules with no award left out")
    by_funder: list[FundingRead] = Field(
        description="by funder (F.1): `city` first, then each district or zone, in code order"
    )


class FunderChange(FunderNamed):
    funder: str = Field(description="`city`, or the district/zone code")
    change: str = Field(
        pattern=r"^-?[0-9]+\.[0-9]{2}$", description="what-if minus today, yuan with two decimals, negative for less"
    )


class PopulationRead(BaseModel):
    year: int = Field(description="the year costed")
    as_of: date = Field(description="the day the calculator stood on: the year's last day, or today if earlier")
    enterprises: int = Field(description="how many enterprises the service knows, all decided")
    parameters_version: str = Field(description="the what-if run's parameter version; `+what-if` when overridden")
    overrides: list[AppliedOverrideRead] = Field(description="the what-if figures applied")
    today: Cost = Field(description="the cost under the parameters as they are (same year, no overrides)")
    what_if: Cost = Field(description="the cost with the overrides")
    change: str = Field(
        pattern=r"^-?[0-9]+\.[0-9]{2}$", description="what-if total minus today's, yuan, negative for less"
    )
    change_by_funder: list[FunderChange] = Field(description="the change for each funder, as by_funder orders them")
    stored: Literal[False] = Field(default=False, description="a simulation stores nothing")
