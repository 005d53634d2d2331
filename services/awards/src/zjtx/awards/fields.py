"""The codes the awards API's fields and filters take, each with what it means, for the schemas and the
parameters that say them (no web framework here: schemas used by the use cases import it)."""

from __future__ import annotations

from typing import Literal

from zjtx.common.reference import describe_codes, load_reference

DISTRICTS_SAID = describe_codes(load_reference().divisions)
CLUSTERS_SAID = describe_codes(load_reference().clusters)

# The districts and zones of Hohhot, by code (an award's funder besides the city, F.1): the reference data's.
DistrictCode = Literal[tuple(load_reference().divisions)]  # type: ignore[valid-type]

# The rules that make awards (RULES.md; GET /v1/rules lists them with their articles).
RuleId = Literal["A1.1", "A1.2", "A1.3", "A1.park", "A2.1", "A2.2", "A3.rent", "A4.1", "A6.1"]
RULES_SAID = (
    "`A1.1` new municipal 专精特新 recognition; `A1.2` new national 小巨人; `A1.3` a national 小巨人 moving into "
    "Hohhot; `A1.park` the 专精特新园区 plaque (no money); `A2.1` new supply to the six clusters' leaders; "
    "`A2.2` a technical upgrade (技改); `A3.rent` rent of research or production premises; `A4.1` three years "
    "above scale (小升规); `A6.1` a national trade fair's booth fee"
)
