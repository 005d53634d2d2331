"""The years a yearly report can be asked for: from the year the policy took effect to this year."""

from __future__ import annotations

from datetime import date

from zjtx.common.errors import Unprocessable
from zjtx.common.parameters import ParameterFile


class YearOutOfRange(Unprocessable):
    code, title = "year_out_of_range", "The year is outside the years the policy has been in force"


def check_policy_year(year: int, *, parameters: ParameterFile, today: date) -> int:
    """`year`, if between the policy's first year (parameter policy_in_force_from) and this year."""
    first = min(v.body["value"] for v in parameters.values("policy_in_force_from")).year
    if not first <= year <= today.year:
        raise YearOutOfRange(
            f"{year} is not between {first}, when the policy took effect, and {today.year}",
            detail_zh=f"{year}年不在本政策施行之年{first}年至{today.year}年之间",
        )
    return year
