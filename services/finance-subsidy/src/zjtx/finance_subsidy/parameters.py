"""The finance-subsidy service's own parameters (data/parameters.yaml) and the model each must fit; the
shared ones (the policy's start, the F.1 split) are the kit's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from zjtx.common.parameters import TIERS, ParameterModel, ParameterSource, RateText, YuanText

PURPOSES = ("working_capital", "equipment", "production", "real_estate", "securities", "refinancing", "other")
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class InterestSubsidyRate(ParameterModel):
    lpr_share: RateText  # the part of the 1-year LPR subsidised: "0.50"


class YearlyCap(ParameterModel):
    cap_per_year: YuanText


class DayCount(ParameterModel):
    days_per_year: Annotated[int, Field(ge=360, le=366)]


class Eligibility(ParameterModel):
    tiers: list[str] = Field(min_length=1)
    purposes: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _known(self) -> Eligibility:
        unknown = sorted((set(self.tiers) - set(TIERS)) | (set(self.purposes) - set(PURPOSES)))
        if unknown:
            raise ValueError(f"unknown tiers or purposes: {', '.join(unknown)}")
        return self


class RateCeiling(ParameterModel):
    basis_points: Annotated[int, Field(ge=0, le=10_000)]


class RiskCompensation(ParameterModel):
    rate: RateText


class Days(ParameterModel):
    days: Annotated[int, Field(ge=1)]


class ProductTypes(ParameterModel):
    types: dict[Code, Annotated[str, StringConstraints(min_length=1)]] = Field(min_length=1)


FINANCE_PARAMETERS = ParameterSource(
    "finance-subsidy",
    Path(str(resources.files("zjtx.finance_subsidy") / "data" / "parameters.yaml")),
    {
        "interest_subsidy_rate": InterestSubsidyRate,
        "interest_subsidy_cap": YearlyCap,
        "interest_day_count": DayCount,
        "interest_subsidy_eligibility": Eligibility,
        "zhubaodai_rate_ceiling": RateCeiling,
        "risk_compensation": RiskCompensation,
        "lpr_horizon": Days,
        "held_event_age": Days,
        "loan_product_types": ProductTypes,
    },
)
