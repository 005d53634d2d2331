"""The awards service's own parameters (data/parameters.yaml) and the model each must fit; the shared
ones (the policy's start, recognition validity, the park threshold, the F.1 split) are the kit's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import Field

from zjtx.common.parameters import ParameterModel, ParameterSource, RateText, YuanText


class Amount(ParameterModel):
    amount: YuanText


class RateWithCap(ParameterModel):
    rate: RateText
    cap: YuanText


class UpgradeAward(RateWithCap):
    min_investment: YuanText


class RentSubsidy(ParameterModel):
    rate: RateText
    years: Annotated[int, Field(ge=1)]
    cap_per_year: YuanText


class ScaleUpAward(Amount):
    consecutive_years: Annotated[int, Field(ge=1)]
    earliest_upgrade_year: Annotated[int, Field(ge=2022)]


class TradeFairSubsidy(ParameterModel):
    rate: RateText
    cap_per_year: YuanText


class PublicNotice(ParameterModel):
    working_days: Annotated[int, Field(ge=0, le=60)]


AWARDS_PARAMETERS = ParameterSource(
    "awards",
    Path(str(resources.files("zjtx.awards") / "data" / "parameters.yaml")),
    {
        "municipal_recognition_award": Amount,
        "national_little_giant_award": Amount,
        "relocation_award": Amount,
        "supply_award": RateWithCap,
        "upgrade_award": UpgradeAward,
        "rent_subsidy": RentSubsidy,
        "scale_up_award": ScaleUpAward,
        "trade_fair_subsidy": TradeFairSubsidy,
        "public_notice": PublicNotice,
    },
)
