"""Printing figures the same way in every benchmark, and the statistics they need."""

from __future__ import annotations

import math
from collections.abc import Sequence


def heading(title: str) -> None:
    print(f"\n== {title}", flush=True)


def row(label: str, value: str, detail: str = "") -> None:
    print(f"  {label:<26}{value:>14}   {detail}".rstrip(), flush=True)


def verdict(label: str, value: str, target: str, passed: bool) -> bool:
    row(label, value, f"target {target}   {'PASS' if passed else 'FAIL'}")
    return passed


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of unsorted values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_summary(seconds: Sequence[float], *, points: Sequence[float] = (50, 95, 99)) -> str:
    parts = [f"p{q:g} {percentile(seconds, q) * 1000:.1f}" for q in points]
    return " / ".join(parts) + " ms"
