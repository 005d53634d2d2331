"""Pure rules about an enterprise's size: no I/O, parameters passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zjtx.common.money import parse_yuan, yuan_to_fen
from zjtx.common.parameters import ParameterFile

SIZE_ORDER = ("large", "medium", "small")


def size_class(*, sector: str, employees: int, revenue_fen: int, on: date, parameters: ParameterFile) -> str:
    """中小企业划型 (reference.md): the first class, largest first, whose every threshold is met; else micro.
    Large needs employees AND revenue at or above its thresholds, so missing either makes an SME."""
    thresholds = parameters.in_force("size_classes", on).body["sectors"][sector]
    for size in SIZE_ORDER:
        limit = thresholds[size]
        if employees < limit["employees"]:
            continue
        if "revenue" in limit and revenue_fen < yuan_to_fen(parse_yuan(limit["revenue"])):
            continue
        return size
    return "micro"


def is_sme(size: str) -> bool:
    return size != "large"


@dataclass(frozen=True)
class AboveScale:
    above_scale: bool
    threshold_fen: int


def above_scale(*, sector: str, revenue_fen: int, year: int, parameters: ParameterFile) -> AboveScale:
    """规模以上 (A4.1): main-business revenue of the year at or above the sector's threshold (以上 = ≥)."""
    threshold = yuan_to_fen(
        parse_yuan(parameters.in_force("above_scale", date(year, 12, 31)).body["thresholds"][sector])
    )
    return AboveScale(above_scale=revenue_fen >= threshold, threshold_fen=threshold)
