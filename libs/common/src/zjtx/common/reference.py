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
# The size classes of the 2011 standard (中小企业划型标准规定), as people name them.
SIZE_NAMES: dict[str, str] = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
# The cultivation pools (培育库, A1.pools, A4.pool) and their names (README glossary).
POOL_NAMES: dict[str, str] = {
    "growth_small_micro": "成长型小微企业",
    "zjtx_demonstration": "专精特新示范企业",
    "little_giant_candidates": "“小巨人”培育",
    "scale_up": "小升规",
}
# The English names where the policy's readers use them (RULES.md, reference.md); a code without one is
# said by its Chinese name alone.
ENGLISH_NAMES: dict[str, str] = {
    "innovative_sme": "innovative SME",
    "municipal_zjtx": "municipal 专精特新 SME",
    "region_zjtx": "regional 专精特新 SME",
    "region_little_giant": "regional little giant",
    "national_little_giant": "national little giant",
    "single_champion": "manufacturing single champion",
    "growth_small_micro": "growth small/micro enterprises",
    "zjtx_demonstration": "专精特新 demonstration enterprises",
    "little_giant_candidates": "little-giant candidates",
    "scale_up": "small-to-above-scale",
    "agriculture": "agriculture, forestry, animal husbandry and fishery",
    "industry": "industry",
    "construction": "construction",
    "wholesale": "wholesale",
    "retail": "retail",
    "transport": "transport",
    "warehousing": "warehousing",
    "postal": "postal services",
    "accommodation": "accommodation",
    "catering": "catering",
    "information_transmission": "information transmission",
    "software": "software and information technology services",
    "real_estate": "real estate development",
    "property_management": "property management",
    "leasing_business": "leasing and business services",
    "other": "other sectors",
}

# F.1: who funds an amount paid under the policy: the city (市本级), or a district or zone by its code.
CITY = "city"
CITY_NAME = "市本级"


def describe_codes(names: dict[str, str]) -> str:
    """`code` 名称, … : the codes a field takes with their Chinese names, for its description."""
    return "; ".join(f"`{code}` {name}" for code, name in names.items())


@dataclass(frozen=True)
class Reference:
    divisions: dict[str, str]  # code -> name (9 旗县区 and 3 zones)
    clusters: dict[str, str]  # code -> name (六大产业集群)
    zones: frozenset[str] = frozenset()  # the divisions that are zones (开发区, 新区, 高新区), not 旗县区


@cache
def load_reference() -> Reference:
    """The shipped reference data; files, not a connection, so reading it once, lazily, is safe."""
    return Reference(
        divisions=_read_codes("divisions.csv"),
        clusters=_read_codes("clusters.csv"),
        zones=frozenset(code for code, kind in _read_column("divisions.csv", "kind").items() if kind == "zone"),
    )


@cache
def funder_names() -> dict[str, str]:
    """Every funder's code with its name: `city` 市本级 first, then each district and zone."""
    return {CITY: CITY_NAME, **load_reference().divisions}


def name_of(names: dict[str, str], code: str | None) -> str | None:
    """A code's Chinese name, None for none or for a code the table does not have (an answer names what
    it can and keeps the code either way)."""
    return names.get(code) if code else None


def said_zh(names: dict[str, str], code: str) -> str:
    """A code as a Chinese line says it: its Chinese name, or the code itself for one the table does not
    have (a line never loses what it is about)."""
    return names.get(code, code)


def tier_zh(code: str) -> str:
    """A recognition tier as a Chinese line says it (市级专精特新中小企业, …)."""
    return said_zh(TIER_NAMES, code)


def cluster_zh(code: str) -> str:
    """An industrial cluster as a Chinese line says it (绿色农畜产品加工, …)."""
    return said_zh(load_reference().clusters, code)


def _read_codes(name: str) -> dict[str, str]:
    return _read_column(name, "name")


def _read_column(name: str, column: str) -> dict[str, str]:
    with (_DATA / name).open(encoding="utf-8") as handle:
        return {row["code"]: row[column] for row in csv.DictReader(handle)}
