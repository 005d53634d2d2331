"""Yearly targets of the policy, actual against target (A1.target, A4.pool, A8, A12)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

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


# rule id -> (how it is counted, the definition written next to the number)
MEASURES: dict[str, tuple[Counter, str]] = {
    "A1.target": (
        _newly_cultivated,
        "enterprises whose first 专精特新 recognition (municipal, regional or national level) is dated in the period",
    ),
    "A4.pool": (
        _moved_above_scale,
        "enterprises with an above-scale report for a year of the period and a below-scale report for the year before",
    ),
    "A8.lectures": (_participants("policy_lecture"), "person-times recorded at policy lectures in the period"),
    "A8.entrepreneurs": (
        _participants("entrepreneur_programme"),
        "entrepreneurs recorded in 专精特新 study programmes in the period",
    ),
    "A8.leading_talent": (
        _participants("leading_talent_programme"),
        "managers recorded as recommended to the MIIT leading-talent programme in the period",
    ),
    "A12": (
        _health_checked,
        "distinct enterprises with a legal and credit health check (with report) in the period that, on the "
        "check's date, were in the growth pool or held a valid 专精特新 recognition; each once per window",
    ),
}


def _window(year: int, years: int, policy_year: int) -> tuple[int, int]:
    """The years counted for `year`: the year itself; for a window of several years, the first window
    starts with the policy's first year (2022-2024 for 2022, 2023 and 2024), later ones end with `year`."""
    first = max(policy_year, year - years + 1)
    return first, first + years - 1


async def kpis_for_year(ctx: Context, *, year: int) -> KpiReport:
    parameters = ctx.parameters
    targets = parameters.in_force("kpi_targets", date(year, 12, 31))
    policy_year = min(value.body["value"] for value in parameters.values(POLICY_START)).year
    items = []
    for target in targets.body["targets"]:
        count, definition = MEASURES[target["rule"]]
        first, last = _window(year, int(target["window_years"]), policy_year)
        actual = await count(ctx, first, last)
        figure = int(target["target"])
        items.append(
            KpiRead(
                rule=target["rule"],
                name=target["name"],
                year=year,
                period=str(year) if first == last else f"{first}-{last}",
                actual=actual,
                target=figure,
                target_label=f"about {figure}" if target.get("about") else f"at least {figure}",
                unit=target["unit"],
                met=actual >= figure,
                definition=definition,
            )
        )
    return KpiReport(year=year, parameters_version=parameters.version, items=items)
