"""F.1: every amount paid under the policy (awards, interest subsidies) is funded half by the city and
half by the district or zone where the enterprise is registered; the halves add up to the amount, the
odd fen going to the city. The city's share is the dated parameter `funding_split`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from zjtx.common.parameters import ParameterFile
from zjtx.common.reference import CITY

__all__ = ["CITY", "FundingShare", "split_funding"]


@dataclass(frozen=True)
class FundingShare:
    funder: str  # "city", or the district/zone code
    amount_fen: int


def split_funding(amount_fen: int, *, district_code: str, on: date, parameters: ParameterFile) -> list[FundingShare]:
    """F.1: the city's share and the district's, in fen, for an amount decided on `on`."""
    if amount_fen == 0:
        return []
    share = Decimal(str(parameters.in_force("funding_split", on).body["city_share"]))
    # The city's share rounds up, so with one half each the odd fen goes to the city.
    city = int((Decimal(amount_fen) * share).to_integral_value(rounding=ROUND_CEILING))
    return [FundingShare(CITY, city), FundingShare(district_code, amount_fen - city)]
