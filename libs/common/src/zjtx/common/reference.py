"""Reference data every service validates against: Hohhot's 9 旗县区 and 3 zones, and the six
industrial clusters. Copies of shared/policy/facts shipped in this library (one copy, not one per
service), so a deployment needs nothing beside its image; a test keeps them equal to the facts."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

_DATA = resources.files("zjtx.common") / "data"


# The sixteen sectors of 中小企业划型标准规定 (2011) and the recognition tiers, with the names people use
# (shared/policy/facts/reference.md): for the descriptions of the fields that take them.
SECTOR_NAMES: dict[str, str] = {
    "agriculture": "农、林、牧、渔业",
    "industry": "工业",
    "construction": "建筑业",
    "wholesale": "批发业",
    "retail": "零售业",
    "transport": "交通运输业",
    "warehousing": "仓储业",
    "postal": "邮政业",
    "accommodation": "住宿业",
    "catering": "餐饮业",
    "information_transmission": "信息传输业",
    "software": "软件和信息技术服务业",
    "real_estate": "房地产开发经营",
    "property_management": "物业管理",
    "leasing_business": "租赁和商务服务业",
    "other": "其他未列明行业",
}
TIER_NAMES: dict[str, str] = {
    "innovative_sme": "创新型中小企业",
    "municipal_zjtx": "市级专精特新中小企业",
    "region_zjtx": "自治区级专精特新中小企业",
    "region_little_giant": "自治区级专精特新“小巨人”",
    "national_little_giant": "国家级专精特新“小巨人”",
    "single_champion": "制造业单项冠军",
}


def describe_codes(names: dict[str, str]) -> str:
    """`code` 名称, … : the codes a field takes with their Chinese names, for its description."""
    return "; ".join(f"`{code}` {name}" for code, name in names.items())


@dataclass(frozen=True)
class Reference:
    divisions: dict[str, str]  # code -> name (9 旗县区 and 3 zones)
    clusters: dict[str, str]  # code -> name (六大产业集群)


@cache
def load_reference() -> Reference:
    """The shipped reference data; files, not a connection, so reading it once, lazily, is safe."""
    return Reference(divisions=_read_codes("divisions.csv"), clusters=_read_codes("clusters.csv"))


def _read_codes(name: str) -> dict[str, str]:
    with (_DATA / name).open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}
