"""The Chinese name beside a code in an answer: mixins for the answer models that carry a district, a
funder, a rule, a tier, a sector, an industrial cluster or a cultivation pool by its code. Each adds a
read-only `*_name` field computed from the kit's one table of names (zjtx.common.reference,
zjtx.common.articles); the code stays what a client acts on, the name is for people (null for a code the
table does not have). The mixins declare no field: the model's own fields keep their order and
descriptions, the names come after them."""

from __future__ import annotations

from pydantic import BaseModel, computed_field

from zjtx.common.articles import rule_name
from zjtx.common.reference import POOL_NAMES, SECTOR_NAMES, TIER_NAMES, funder_names, load_reference, name_of


class DistrictNamed(BaseModel):
    """For a model with `district_code`."""

    @computed_field(description="the district's or zone's Chinese name")  # type: ignore[prop-decorator]
    @property
    def district_name(self) -> str | None:
        return name_of(load_reference().divisions, self.district_code)  # type: ignore[attr-defined]


class FunderNamed(BaseModel):
    """For a model with `funder` (F.1: `city` or a district or zone code)."""

    @computed_field(description="the funder's Chinese name: 市本级, or the district's or zone's")  # type: ignore[prop-decorator]
    @property
    def funder_name(self) -> str | None:
        return name_of(funder_names(), self.funder)  # type: ignore[attr-defined]


class RuleNamed(BaseModel):
    """For a model with `rule` (a rule id of RULES.md)."""

    @computed_field(description="the rule's title in Chinese, in the policy's words")  # type: ignore[prop-decorator]
    @property
    def rule_name(self) -> str | None:
        return rule_name(self.rule)  # type: ignore[attr-defined]


class TierNamed(BaseModel):
    """For a model with `tier` (a recognition tier)."""

    @computed_field(description="the tier's Chinese name")  # type: ignore[prop-decorator]
    @property
    def tier_name(self) -> str | None:
        return name_of(TIER_NAMES, self.tier)  # type: ignore[attr-defined]


class SectorNamed(BaseModel):
    """For a model with `sector` (a sector of the 2011 size standard)."""

    @computed_field(description="the sector's Chinese name (工业, …)")  # type: ignore[prop-decorator]
    @property
    def sector_name(self) -> str | None:
        return name_of(SECTOR_NAMES, self.sector)  # type: ignore[attr-defined]


class ClusterNamed(BaseModel):
    """For a model with `cluster` (an industrial cluster, or null)."""

    @computed_field(description="the industrial cluster's Chinese name (绿色农畜产品加工, …); null without one")  # type: ignore[prop-decorator]
    @property
    def cluster_name(self) -> str | None:
        return name_of(load_reference().clusters, self.cluster)  # type: ignore[attr-defined]


class PoolNamed(BaseModel):
    """For a model with `pool` (a cultivation pool)."""

    @computed_field(description="the cultivation pool's Chinese name (成长型小微企业, …)")  # type: ignore[prop-decorator]
    @property
    def pool_name(self) -> str | None:
        return name_of(POOL_NAMES, self.pool)  # type: ignore[attr-defined]


class PoolsNamed(BaseModel):
    """For a model with `pools` (a list of cultivation pools): their names, in the same order."""

    @computed_field(description="the Chinese names of `pools`, in the same order")  # type: ignore[prop-decorator]
    @property
    def pool_names(self) -> list[str | None]:
        return [name_of(POOL_NAMES, pool) for pool in self.pools]  # type: ignore[attr-defined]
