"""What the registry's requests and answers say about the codes they carry (districts, clusters, sectors,
tiers, pools), with the names people use, for the descriptions of the fields and parameters that take
them; and the free-text type its requests share."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator, StringConstraints

from zjtx.common.dates import iso_day
from zjtx.common.reference import POOL_NAMES, SECTOR_NAMES, TIER_NAMES, describe_codes, load_reference

DISTRICTS_SAID = describe_codes(load_reference().divisions)
CLUSTERS_SAID = describe_codes(load_reference().clusters)
SECTORS_SAID = f"a sector of the 2011 size standard (中小企业划型标准规定): {describe_codes(SECTOR_NAMES)}"
TIERS_SAID = describe_codes(TIER_NAMES)

# The cultivation pools (培育库, A1.pools, A4.pool); their names are zjtx.common.reference's.
PoolCode = Literal["growth_small_micro", "zjtx_demonstration", "little_giant_candidates", "scale_up"]
POOLS_SAID = describe_codes(POOL_NAMES)

SizeClass = Literal["large", "medium", "small", "micro"]
SIZE_CLASSES_SAID = "`large` 大型, `medium` 中型, `small` 小型, `micro` 微型 (划型标准, derived from the facts)"

# A code of the reference data in a request: its shape here (an unknown one is refused by the use case
# with its own code, district_unknown or cluster_unknown, naming the codes it takes).
DISTRICT_CODE = r"^[0-9A-Z-]{1,10}$"
CLUSTER_CODE = r"^[a-z][a-z0-9_]{0,39}$"
DistrictCode = Annotated[str, StringConstraints(pattern=DISTRICT_CODE)]
ClusterCode = Annotated[str, StringConstraints(pattern=CLUSTER_CODE)]

# The date of a fact (a registration, a recognition, a move, a service, an inspection): YYYY-MM-DD, and
# checked by the use case (zjtx.common.dates.check_fact_date), not by the schema, so that a date out of
# range gets its stable code, 422 `date_in_future` or `date_too_early`, naming the field.
FactDay = Annotated[date, BeforeValidator(iso_day)]
