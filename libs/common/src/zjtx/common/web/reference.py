"""`GET /v1/reference` on every service: the codes its answers carry, each with its Chinese name (and its
English name where one is used), for any client. Read from the one place each table lives: the reference
data and names of zjtx.common.reference, the rule titles of zjtx.common.articles, and the statuses the
service declares in its definition (`statuses`)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Annotated

from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from zjtx.common.articles import ARTICLES
from zjtx.common.reference import (
    ENGLISH_NAMES,
    POOL_NAMES,
    SECTOR_NAMES,
    TIER_NAMES,
    funder_names,
    load_reference,
)
from zjtx.common.web.auth import Client, any_client
from zjtx.common.web.routing import Router

router = Router(prefix="/v1/reference", tags=["reference"])
AnyClient = Annotated[Client, Depends(any_client)]


class NamedCode(BaseModel):
    code: str = Field(description="the code, as requests and answers carry it (stable)")
    name: str = Field(description="its Chinese name, as people say it")
    name_en: str | None = Field(default=None, description="its English name, where one is used; null otherwise")


class NamedRule(BaseModel):
    id: str = Field(description="the rule's stable id (RULES.md): `A2.2` = article 2, rule 2")
    name: str = Field(description="its title in Chinese, in the policy's words")
    name_en: str = Field(description="its title in English")


_EXAMPLE = {
    "districts": [{"code": "150105", "name": "赛罕区", "name_en": None}],
    "zones": [{"code": "Z-HLGR", "name": "和林格尔新区", "name_en": None}],
    "funders": [{"code": "city", "name": "市本级", "name_en": "the city"}],
    "tiers": [{"code": "municipal_zjtx", "name": "市级专精特新中小企业", "name_en": "municipal 专精特新 SME"}],
    "pools": [{"code": "scale_up", "name": "小升规", "name_en": "small-to-above-scale"}],
    "clusters": [{"code": "electronic_info", "name": "电子信息", "name_en": None}],
    "sectors": [{"code": "industry", "name": "工业", "name_en": "industry"}],
    "rules": [{"id": "A2.2", "name": "“专精特新”中小企业技改项目按投资额20%补助", "name_en": "Technical upgrades"}],
    "statuses": {"award": [{"code": "approved", "name": "已批准", "name_en": None}]},
}


class ReferenceRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    districts: list[NamedCode] = Field(description="Hohhot's 9 旗县区 by their 6-digit division codes")
    zones: list[NamedCode] = Field(description="the 3 zones (经济技术开发区, 和林格尔新区, 金山高新区)")
    funders: list[NamedCode] = Field(
        description="who funds an amount (F.1): `city` 市本级, then each district and zone by its code"
    )
    tiers: list[NamedCode] = Field(description="the recognition tiers")
    pools: list[NamedCode] = Field(description="the cultivation pools (培育库, A1.pools and A4.pool)")
    clusters: list[NamedCode] = Field(description="the six industrial clusters (六大产业集群)")
    sectors: list[NamedCode] = Field(description="the sixteen sectors of the size standard (中小企业划型标准规定)")
    rules: list[NamedRule] = Field(description="the policy's rules by id, with their titles")
    statuses: dict[str, list[NamedCode]] = Field(
        description="this service's statuses by the kind of record that has them (`award`, `ticket`, …); "
        "empty for a service without any"
    )


@router.get(
    "",
    response_model=ReferenceRead,
    summary="The codes the service's answers carry, with their Chinese names",
)
async def get_reference(request: Request, _: AnyClient) -> ReferenceRead:
    """Districts, zones, funders, recognition tiers, pools, clusters, sectors and the policy's rules, each
    code with its Chinese name (and English name where one is used), the same on every service; and this
    service's own statuses. The codes are what requests and answers carry; the names are for people."""
    definition = getattr(request.app.state, "definition", None)
    return _answer(getattr(definition, "statuses", None) or {})


def _answer(statuses: Mapping[str, Mapping[str, str]]) -> ReferenceRead:
    return ReferenceRead(**_shared(), statuses={kind: _named(names, english={}) for kind, names in statuses.items()})


@cache
def _shared() -> dict[str, list]:
    """What every service answers alike: made once, the tables do not change while the process runs."""
    reference = load_reference()
    districts = {code: name for code, name in reference.divisions.items() if code not in reference.zones}
    zones = {code: name for code, name in reference.divisions.items() if code in reference.zones}
    return {
        "districts": _named(districts),
        "zones": _named(zones),
        "funders": [
            NamedCode(code=code, name=name, name_en="the city" if code == "city" else None)
            for code, name in funder_names().items()
        ],
        "tiers": _named(TIER_NAMES),
        "pools": _named(POOL_NAMES),
        "clusters": _named(reference.clusters),
        "sectors": _named(SECTOR_NAMES),
        "rules": [NamedRule(id=a.id, name=a.name, name_en=a.name_en) for a in ARTICLES],
    }


def _named(names: Mapping[str, str], english: Mapping[str, str] = ENGLISH_NAMES) -> list[NamedCode]:
    return [NamedCode(code=code, name=name, name_en=english.get(code)) for code, name in names.items()]
