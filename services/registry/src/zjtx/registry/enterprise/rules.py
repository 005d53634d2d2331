"""Pure rules about an enterprise's size and scale: no I/O, parameters passed in; each answer carries
its explanation (the rule kernel's), so a size class can be checked by hand against the standard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from zjtx.common.money import parse_yuan, yuan_to_fen
from zjtx.common.parameters import ParameterFile, ParameterNotInForce, ParameterValue
from zjtx.common.reference import SECTOR_NAMES, SIZE_NAMES
from zjtx.common.rules import Explanation, RuleContext, yuan

SIZE_ORDER = ("large", "medium", "small")
# How each measure is shown, and which of the enterprise's figures it reads.
_MEASURE_NAMES = {"employees": "staff", "revenue": "revenue", "assets": "assets"}
# The same as the 2011 standard names them (从业人员, 营业收入, 资产总额), and the classes (大型 … 微型).
_MEASURE_NAMES_ZH = {"employees": "从业人员", "revenue": "营业收入", "assets": "资产总额"}
SIZE_NAMES_ZH = SIZE_NAMES  # the kit's one table (payments-watch says the seller's class with it too)


class MeasureMissing(ValueError):
    """The sector's standard measures something the enterprise's facts do not give (total assets)."""

    def __init__(self, sector: str, measure: str) -> None:
        super().__init__(f"the size of a {sector} enterprise is measured by its total {measure}: give total_assets")
        self.sector, self.measure = sector, measure
        self.zh = f"{_sector_zh(sector)}企业的规模按{_MEASURE_NAMES_ZH[measure]}划分：请填写total_assets"


@dataclass(frozen=True)
class SizeVerdict:
    size_class: str
    explanation: Explanation

    @property
    def is_sme(self) -> bool:
        return is_sme(self.size_class)


def size_class(
    *, sector: str, employees: int, revenue_fen: int, assets_fen: int | None, on: date, parameters: ParameterFile
) -> SizeVerdict:
    """中小企业划型 (reference.md): the first class, largest first, whose every floor the sector names is
    met (at or above: 以上); else micro. Large needs every measure at or above its floor, so missing any
    one makes an SME. The standard in force on `on`, or the earliest on record for a date before it."""
    ctx = RuleContext("size", parameters, on)
    ctx.inputs(
        sector=sector,
        employees=employees,
        revenue=yuan(revenue_fen),
        total_assets=None if assets_fen is None else yuan(assets_fen),
    )
    standard = _standard(ctx, parameters, on)
    floors = standard.body["sectors"][sector]
    figures = {"employees": employees, "revenue": revenue_fen, "assets": assets_fen}
    for size in SIZE_ORDER:
        checks, checks_zh, met = [], [], True
        for measure in ("employees", "revenue", "assets"):
            if floors[size].get(measure) is None:
                continue
            if measure == "employees":
                floor = int(ctx.record(standard, "sectors", sector, size, measure))
            else:
                floor = _fen(ctx.record(standard, "sectors", sector, size, measure))
            value = figures[measure]
            if value is None:
                raise MeasureMissing(sector, measure)
            ok = value >= floor
            met = met and ok
            shown = (str(value), str(floor)) if measure == "employees" else (yuan(value), yuan(floor))
            checks.append(f"{_MEASURE_NAMES[measure]} {shown[0]} {'≥' if ok else '<'} {shown[1]}")
            checks_zh.append(f"{_MEASURE_NAMES_ZH[measure]} {shown[0]} {'≥' if ok else '<'} {shown[1]}")
        ctx.step(
            f"{size}: {', '.join(checks)}: {'met' if met else 'not met'}",
            zh=f"{SIZE_NAMES_ZH[size]}：{'，'.join(checks_zh)}：{'达到' if met else '未达到'}",
        )
        if met:
            return SizeVerdict(size, ctx.explanation)
    ctx.step("no floor met: micro", zh="各档标准均未达到：微型")
    return SizeVerdict("micro", ctx.explanation)


def measures_of(sector: str, *, on: date, parameters: ParameterFile) -> tuple[str, ...]:
    """The measures the standard uses for `sector` (employees, revenue, assets)."""
    floors = _earliest_or_in_force(parameters, "size_classes", on).body["sectors"][sector]["small"]
    return tuple(m for m in ("employees", "revenue", "assets") if floors.get(m) is not None)


def _standard(ctx: RuleContext, parameters: ParameterFile, on: date) -> ParameterValue:
    standard = _earliest_or_in_force(parameters, "size_classes", on)
    if standard.valid_from > on:
        ctx.step(
            f"no standard on record before {standard.valid_from}: the earliest, of {standard.valid_from}, applied",
            zh=f"{standard.valid_from}之前无划型标准记录：适用最早的标准（{standard.valid_from}起施行）",
        )
    return standard


def _earliest_or_in_force(parameters: ParameterFile, name: str, on: date) -> ParameterValue:
    """The value in force on `on`; for a date before every value, the earliest (an enterprise's facts
    of 2005 are classed by the oldest standard on record rather than not at all)."""
    try:
        return parameters.in_force(name, on)
    except ParameterNotInForce:
        values = parameters.values(name)
        if values and on < values[0].valid_from:
            return values[0]
        raise


@lru_cache(maxsize=1024)  # the floors of the standards: a few dozen texts, read at every registration
def _fen(text: str) -> int:
    return yuan_to_fen(parse_yuan(text))


def is_sme(size: str) -> bool:
    return size != "large"


@dataclass(frozen=True)
class AboveScale:
    above_scale: bool
    threshold_fen: int | None
    explanation: Explanation


class LicenceRequired(ValueError):
    """A sector that goes by licence, reported without saying whether the licence makes it above scale."""

    def __init__(self, sector: str) -> None:
        super().__init__(f"a {sector} enterprise is above scale by its licence: give qualified_by_licence")
        self.zh = f"{_sector_zh(sector)}企业按资质认定规模以上：请填写qualified_by_licence"


class LicenceNotApplicable(ValueError):
    """A sector that goes by revenue, reported with a licence."""

    def __init__(self, sector: str) -> None:
        super().__init__(f"a {sector} enterprise is above scale by its revenue, not by a licence")
        self.zh = f"{_sector_zh(sector)}企业按主营业务收入而非资质认定规模以上"


def above_scale(
    *, sector: str, revenue_fen: int, year: int, qualified_by_licence: bool | None, parameters: ParameterFile
) -> AboveScale:
    """规模以上 (A4.1): main-business revenue of the year at or above the sector's threshold (以上 = ≥);
    construction and real estate by licence (资质), as the report states it. The figures in force at
    the end of the year, or the earliest on record for a year before them."""
    ctx = RuleContext("A4.1", parameters, date(year, 12, 31))
    ctx.inputs(sector=sector, year=year, main_business_revenue=yuan(revenue_fen))
    value = _earliest_or_in_force(parameters, "above_scale", date(year, 12, 31))
    if sector in value.body.get("by_licence", []):
        ctx.record(value, "by_licence")
        if qualified_by_licence is None:
            raise LicenceRequired(sector)
        ctx.inputs(qualified_by_licence=qualified_by_licence)
        state = "above" if qualified_by_licence else "below"
        ctx.step(
            f"{sector} goes by licence: {'qualified' if qualified_by_licence else 'not qualified'}: {state} scale",
            zh=f"{_sector_zh(sector)}按资质认定：{'具备' if qualified_by_licence else '不具备'}资质："
            f"{'规模以上' if qualified_by_licence else '规模以下'}",
        )
        return AboveScale(above_scale=qualified_by_licence, threshold_fen=None, explanation=ctx.explanation)
    if qualified_by_licence is not None:
        raise LicenceNotApplicable(sector)
    threshold = _fen(ctx.record(value, "thresholds", sector))
    above = revenue_fen >= threshold
    ctx.step(
        f"{yuan(revenue_fen)} {'≥' if above else '<'} {yuan(threshold)}: {'above' if above else 'below'} scale",
        zh=f"主营业务收入 {yuan(revenue_fen)} {'≥' if above else '<'} {yuan(threshold)}："
        f"{'规模以上' if above else '规模以下'}",
    )
    return AboveScale(above_scale=above, threshold_fen=threshold, explanation=ctx.explanation)


def _sector_zh(sector: str) -> str:
    return SECTOR_NAMES.get(sector, sector)
