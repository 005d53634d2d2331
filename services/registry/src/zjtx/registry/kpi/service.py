"""Yearly targets of the policy, actual against target (A1.target, A4.pool, A8, A12)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import NamedTuple

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from zjtx.common.kit.context import Context
from zjtx.common.rules import POLICY_START
from zjtx.registry.enterprise.models import ScaleReport
from zjtx.registry.kpi.schemas import KpiRead, KpiReport
from zjtx.registry.pool.models import PoolMembership
from zjtx.registry.recognition.models import WITHDRAWN, ZJTX_TIERS, Recognition
from zjtx.registry.service_record.models import ServiceRecord

GROWTH_POOL = "growth_small_micro"

Counter = Callable[[Context, int, int], Awaitable[int]]


async def _newly_cultivated(ctx: Context, first: int, last: int) -> int:
    # An enterprise counts in the year of its first 专精特新 recognition of any level.
    first_recognition = (
        select(Recognition.uscc, func.min(Recognition.recognized_on).label("first_on"))
        .where(Recognition.tier.in_(ZJTX_TIERS), Recognition.status != WITHDRAWN)
        .group_by(Recognition.uscc)
        .subquery()
    )
    query = (
        select(func.count())
        .select_from(first_recognition)
        .where(first_recognition.c.first_on.between(date(first, 1, 1), date(last, 12, 31)))
    )
    return int(await ctx.session.scalar(query) or 0)


async def _moved_above_scale(ctx: Context, first: int, last: int) -> int:
    previous = aliased(ScaleReport)
    query = (
        select(func.count(func.distinct(ScaleReport.uscc)))
        .join(previous, and_(previous.uscc == ScaleReport.uscc, previous.year == ScaleReport.year - 1))
        .where(
            ScaleReport.year.between(first, last), ScaleReport.above_scale.is_(True), previous.above_scale.is_(False)
        )
    )
    return int(await ctx.session.scalar(query) or 0)


def _participants(programme: str) -> Counter:
    async def count(ctx: Context, first: int, last: int) -> int:
        query = select(func.coalesce(func.sum(ServiceRecord.participants), 0)).where(
            ServiceRecord.kind == "training",
            ServiceRecord.programme == programme,
            ServiceRecord.occurred_on.between(date(first, 1, 1), date(last, 12, 31)),
        )
        return int(await ctx.session.scalar(query) or 0)

    return count


async def _health_checked(ctx: Context, first: int, last: int) -> int:
    """A12 decision: enterprises checked in the window that, on the check's date, were in the growth pool
    or held a valid 专精特新 recognition; each once."""
    day = ServiceRecord.occurred_on
    in_growth_pool = exists().where(
        PoolMembership.uscc == ServiceRecord.uscc,
        PoolMembership.pool == GROWTH_POOL,
        PoolMembership.joined_on <= day,
        or_(PoolMembership.left_on.is_(None), PoolMembership.left_on > day),
    )
    recognised = exists().where(
        Recognition.uscc == ServiceRecord.uscc,
        Recognition.tier.in_(ZJTX_TIERS),
        Recognition.status != WITHDRAWN,
        Recognition.recognized_on <= day,
        Recognition.expires_on > day,
        or_(Recognition.revoked_on.is_(None), Recognition.revoked_on > day),
    )
    query = select(func.count(func.distinct(ServiceRecord.uscc))).where(
        ServiceRecord.kind == "health_check",
        day.between(date(first, 1, 1), date(last, 12, 31)),
        or_(in_growth_pool, recognised),
    )
    return int(await ctx.session.scalar(query) or 0)


class Measure(NamedTuple):
    """How a target's actual is counted, and the definition written next to the number, in English and
    (`definition_zh`) for a Chinese reader, the default one."""

    count: Counter
    definition: str
    definition_zh: str

    def defined_in(self, language: str) -> str:
        return self.definition_zh if language.startswith("zh") else self.definition


MEASURES: dict[str, Measure] = {
    "A1.target": Measure(
        _newly_cultivated,
        "enterprises whose first 专精特新 recognition (municipal, regional or national level) is dated in the period",
        "首次获得“专精特新”认定（市级、自治区级或国家级）的日期在统计期内的企业数",
    ),
    "A4.pool": Measure(
        _moved_above_scale,
        "enterprises with an above-scale report for a year of the period and a below-scale report for the year before",
        "统计期内某年度报告为规模以上、上一年度报告为规模以下的企业数",
    ),
    "A8.lectures": Measure(
        _participants("policy_lecture"),
        "person-times recorded at policy lectures in the period",
        "统计期内记录的政策大讲堂培训人次",
    ),
    "A8.entrepreneurs": Measure(
        _participants("entrepreneur_programme"),
        "entrepreneurs recorded in 专精特新 study programmes in the period",
        "统计期内记录的参加“专精特新”专题研修的企业家人数",
    ),
    "A8.leading_talent": Measure(
        _participants("leading_talent_programme"),
        "managers recorded as recommended to the MIIT leading-talent programme in the period",
        "统计期内记录的推荐参加工业和信息化部领军人才高级研修班的经营管理人员人数",
    ),
    "A12": Measure(
        _health_checked,
        "distinct enterprises with a legal and credit health check (with report) in the period that, on the "
        "check's date, were in the growth pool or held a valid 专精特新 recognition; each once per window",
        "统计期内接受法治、信用体检（出具评估报告）且体检之日在成长型小微企业培育库中或持有有效“专精特新”认定的"
        "企业数；每个统计期内每家企业计一次",
    ),
}


def _label(figure: int, about: bool, unit_zh: str | None) -> str:
    """The target as the policy words it: `at least 10`, `about 200`; in Chinese (with `unit_zh`) `10家以上`,
    `200名左右`."""
    if unit_zh is not None:
        return f"{figure}{unit_zh}{'左右' if about else '以上'}"
    return f"about {figure}" if about else f"at least {figure}"


def _window(year: int, years: int, policy_year: int) -> tuple[int, int]:
    """The years counted for `year`: the year itself; for a window of several years, the first window
    starts with the policy's first year (2022-2024 for 2022, 2023 and 2024), later ones end with `year`."""
    first = max(policy_year, year - years + 1)
    return first, first + years - 1


async def kpis_for_year(ctx: Context, *, year: int, language: str) -> KpiReport:
    """Each target of `year` against what the records count, its words in `language` (`zh-CN` or `en`)."""
    parameters = ctx.parameters
    targets = parameters.in_force("kpi_targets", date(year, 12, 31))
    policy_year = min(value.body["value"] for value in parameters.values(POLICY_START)).year
    items = []
    for target in targets.body["targets"]:
        measure = MEASURES[target["rule"]]
        first, last = _window(year, int(target["window_years"]), policy_year)
        actual = await measure.count(ctx, first, last)
        figure, chinese = int(target["target"]), language.startswith("zh")
        items.append(
            KpiRead(
                rule=target["rule"],
                name=target["name_zh"] if chinese else target["name"],
                year=year,
                period=str(year) if first == last else f"{first}-{last}",
                actual=actual,
                target=figure,
                target_label=_label(figure, bool(target.get("about")), target["unit_zh"] if chinese else None),
                unit=target["unit_zh"] if chinese else target["unit"],
                met=actual >= figure,
                definition=measure.defined_in(language),
            )
        )
    return KpiReport(year=year, parameters_version=parameters.version, items=items)
