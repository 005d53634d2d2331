"""A5.4: financing services are information: a bank's loan products (信易贷, 银税贷, 政采贷 …) are listed
and matched to enterprises by their conditions; no money is computed. A product matches when the
enterprise meets every condition it sets, and each condition met is said, so the match is checkable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from zjtx.common.rules import yuan
from zjtx.finance_subsidy.rules.facts import RecognitionFact


@dataclass(frozen=True)
class EnterpriseProfile:
    uscc: str
    district_code: str
    sector: str | None
    cluster: str | None
    size_class: str | None
    is_sme: bool | None
    employees: int | None
    annual_revenue_fen: int | None
    recognitions: Sequence[RecognitionFact] = ()


@dataclass(frozen=True)
class Match:
    matches: bool
    met: list[str]  # the conditions met, each said
    unmet: list[str]  # the conditions not met (or not known), each said


def match_product(conditions: dict[str, Any], enterprise: EnterpriseProfile, *, on: date) -> Match:
    """The enterprise against a product's conditions (ProductConditions, as stored), on a date."""
    met: list[str] = []
    unmet: list[str] = []

    def check(ok: bool | None, yes: str, no: str) -> None:
        (met if ok else unmet).append(yes if ok else no)

    def among(name: str, value: str | None, label: str) -> None:
        allowed = conditions.get(name)
        if allowed:
            listed = ", ".join(allowed)
            check(
                value in allowed,
                f"{label} {value} is among {listed}",
                f"{label} {value or 'unknown'} is not among {listed}",
            )

    among("districts", enterprise.district_code, "district")
    among("sectors", enterprise.sector, "sector")
    among("size_classes", enterprise.size_class, "size class")
    among("clusters", enterprise.cluster, "cluster")
    if conditions.get("sme_only"):
        check(enterprise.is_sme is True, "an SME", "not known as an SME")
    tiers = conditions.get("tiers_any")
    if tiers:
        held = [r for r in enterprise.recognitions if r.tier in tiers and r.valid_on(on)]
        check(
            bool(held),
            f"holds {held[0].describe()}" if held else "",
            f"holds no valid recognition of {', '.join(tiers)} on {on}",
        )
    _bounds(conditions, "employees", enterprise.employees, str, check)
    _bounds(conditions, "annual_revenue", enterprise.annual_revenue_fen, yuan, check)
    return Match(matches=not unmet, met=met, unmet=unmet)


def _bounds(conditions: dict[str, Any], name: str, value: int | None, show, check) -> None:
    low, high = conditions.get(f"min_{name}"), conditions.get(f"max_{name}")
    label = name.replace("_", " ")
    if low is not None:
        ok = value is not None and value >= low
        check(
            ok, f"{label} {show(value) if value is not None else '?'} ≥ {show(low)}", _not(label, value, "≥", low, show)
        )
    if high is not None:
        ok = value is not None and value <= high
        check(
            ok,
            f"{label} {show(value) if value is not None else '?'} ≤ {show(high)}",
            _not(label, value, "≤", high, show),
        )


def _not(label: str, value: int | None, op: str, bound: int, show) -> str:
    if value is None:
        return f"{label} not known (needs {op} {show(bound)})"
    return f"{label} {show(value)} is not {op} {show(bound)}"
