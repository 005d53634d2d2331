"""Pure rules about an enterprise's size and scale: no I/O, parameters passed in; each answer carries
its explanation (the rule kernel's), so a size class can be checked by hand against the standard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Explanation, RuleContext, yuan

SIZE_ORDER = ("large", "medium", "small")


@dataclass(frozen=True)
class SizeVerdict:
    size_class: str
    explanation: Explanation

    @property
    def is_sme(self) -> bool:
        return is_sme(self.size_class)


def size_class(*, sector: str, employees: int, revenue_fen: int, on: date, parameters: ParameterFile) -> SizeVerdict:
    """中小企业划型 (reference.md): the first class, largest first, whose every floor is met; else micro.
    Large needs staff AND revenue at or above its floors, so missing either makes an SME."""
    ctx = RuleContext("size", parameters, on)
    ctx.inputs(sector=sector, employees=employees, revenue=yuan(revenue_fen))
    floors = parameters.in_force("size_classes", on).body["sectors"][sector]
    for size in SIZE_ORDER:
        staff_floor = ctx.integer("size_classes", "sectors", sector, size, "employees")
        met = [employees >= staff_floor]
        checks = [f"staff {employees} {'≥' if met[-1] else '<'} {staff_floor}"]
        if floors[size].get("revenue") is not None:
            revenue_floor = ctx.yuan("size_classes", "sectors", sector, size, "revenue")
            met.append(revenue_fen >= revenue_floor)
            checks.append(f"revenue {yuan(revenue_fen)} {'≥' if met[-1] else '<'} {yuan(revenue_floor)}")
        ctx.step(f"{size}: {', '.join(checks)}: {'met' if all(met) else 'not met'}")
        if all(met):
            return SizeVerdict(size, ctx.explanation)
    ctx.step("no floor met: micro")
    return SizeVerdict("micro", ctx.explanation)


def is_sme(size: str) -> bool:
    return size != "large"


@dataclass(frozen=True)
class AboveScale:
    above_scale: bool
    threshold_fen: int
    explanation: Explanation


def above_scale(*, sector: str, revenue_fen: int, year: int, parameters: ParameterFile) -> AboveScale:
    """规模以上 (A4.1): main-business revenue of the year at or above the sector's threshold (以上 = ≥)."""
    ctx = RuleContext("A4.1", parameters, date(year, 12, 31))
    ctx.inputs(sector=sector, year=year, main_business_revenue=yuan(revenue_fen))
    threshold = ctx.yuan("above_scale", "thresholds", sector)
    above = revenue_fen >= threshold
    ctx.step(f"{yuan(revenue_fen)} {'≥' if above else '<'} {yuan(threshold)}: {'above' if above else 'below'} scale")
    return AboveScale(above_scale=above, threshold_fen=threshold, explanation=ctx.explanation)
