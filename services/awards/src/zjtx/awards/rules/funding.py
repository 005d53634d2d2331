"""F.1: every amount is funded half by the city and half by the enterprise's district or zone; the
halves add up to the amount, the odd fen going to the city."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from zjtx.common.parameters import ParameterFile

CITY = "city"


@dataclass(frozen=True)
class FundingShare:
    funder: str  # "city", or the district/zone code
    amount_fen: int


def split_funding(amount_fen: int, *, district_code: str, on: date, parameters: ParameterFile) -> list[FundingShare]:
    if amount_fen == 0:
        return []
    share = Decimal(str(parameters.in_force("funding_split", on).body["city_share"]))
    # The city's share rounds up, so with one half each the odd fen goes to the city.
    city = int((Decimal(amount_fen) * share).to_integral_value(rounding=ROUND_CEILING))
    return [FundingShare(CITY, city), FundingShare(district_code, amount_fen - city)]
