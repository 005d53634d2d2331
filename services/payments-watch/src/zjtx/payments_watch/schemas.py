"""Request and response pieces several features share: amounts that must be positive, decimal strings."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, PlainSerializer, WithJsonSchema, computed_field

from zjtx.common.money import YuanIn

# An amount of money that must be more than nothing: "1234.56" in, integer fen held.
PositiveYuan = Annotated[YuanIn, Field(gt=0)]

# A decimal shown as a string with its places ("42.50"): scores, shares, rates.
DecimalText = Annotated[Decimal, PlainSerializer(lambda d: f"{d}", return_type=str)]


YEARLY_RATE_PATTERN = r"^0(\.[0-9]{1,6})?$|^1(\.0{1,6})?$"
_YEARLY_RATE = re.compile(YEARLY_RATE_PATTERN)


def _yearly_rate(value: Any) -> Decimal:
    if not isinstance(value, str) or not _YEARLY_RATE.match(value):
        raise ValueError(
            'a yearly rate is a string of a fraction from 0 to 1 with at most six decimals: "0.0435" is 4.35% a year'
        )
    return Decimal(value).normalize()


# A yearly rate given as a fraction: "0.0435" is 4.35% a year.
YearlyRate = Annotated[
    Decimal,
    BeforeValidator(_yearly_rate),
    PlainSerializer(lambda d: f"{d}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": YEARLY_RATE_PATTERN, "examples": ["0.0435"]}),
]

# What the regulation calls each kind of buyer.
BUYER_KIND_NAMES = {"organ": "机关", "institution": "事业单位", "soe": "国有企业", "large_enterprise": "大型企业"}


class BuyerKindNamed(BaseModel):
    """For a model with `buyer_kind`: its Chinese name beside the code."""

    @computed_field(description="the buyer's kind in Chinese: 机关, 事业单位, 国有企业, 大型企业")  # type: ignore[prop-decorator]
    @property
    def buyer_kind_name(self) -> str | None:
        return BUYER_KIND_NAMES.get(self.buyer_kind)  # type: ignore[attr-defined]


class KindNamed(BaseModel):
    """For a buyer with `kind`: its Chinese name beside the code."""

    @computed_field(description="the kind in Chinese: 机关, 事业单位, 国有企业, 大型企业")  # type: ignore[prop-decorator]
    @property
    def kind_name(self) -> str | None:
        return BUYER_KIND_NAMES.get(self.kind)  # type: ignore[attr-defined]
