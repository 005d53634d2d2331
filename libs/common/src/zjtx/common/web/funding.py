"""F.1's split (zjtx.common.funding) as an answer shows it, in every service that pays under the policy:
each funder with its share, and its Chinese name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from pydantic import Field

from zjtx.common.money import FenAsYuan
from zjtx.common.named import FunderNamed


class _Share(Protocol):
    funder: str
    amount_fen: int


class FundingRead(FunderNamed):
    funder: str = Field(description="`city`, or the district/zone code (F.1: half the city, half the district)")
    amount: FenAsYuan = Field(description="this funder's share (the odd fen to the city)")

    @classmethod
    def of(cls, shares: Iterable[_Share]) -> list[FundingRead]:
        """The answer's lines of the shares (FundingShare, or a stored share row), in their order."""
        return [cls(funder=share.funder, amount=share.amount_fen) for share in shares]
