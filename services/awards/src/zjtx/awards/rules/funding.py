"""F.1: every amount is funded half by the city and half by the enterprise's district or zone; the
halves add up to the amount, the odd fen going to the city. The split is the kit's (zjtx.common.funding),
shared with the interest subsidies of finance-subsidy."""

from zjtx.common.funding import CITY, FundingShare, split_funding

__all__ = ["CITY", "FundingShare", "split_funding"]
