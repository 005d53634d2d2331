"""A10.5: a buyer's risk of arrears (事前预防), a score from 0 to 100 and a level, explained by its four
terms: score = Σ weight × min(1, value ÷ scale) over the overdue amount, the longest days overdue, the
overdue contracts and the arrears complaints of the last 12 months; each term's points rounded half-up
to two decimals and the score their sum, so that the level is read from the figure shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from zjtx.common.money import format_fen
from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Explanation, RuleContext, yuan

LEVELS = ("low", "medium", "high")
_CENTS = Decimal("0.01")


@dataclass(frozen=True)
class RiskFacts:
    overdue_amount_fen: int
    longest_days_overdue: int
    overdue_contracts: int
    arrears_complaints: int


@dataclass(frozen=True)
class RiskTerm:
    name: str
    value: str
    scale: str
    weight: int
    points: Decimal


@dataclass(frozen=True)
class RiskDecision:
    as_of: date
    score: Decimal
    level: str
    terms: tuple[RiskTerm, ...]
    parameters_version: str
    explanation: Explanation


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the last day of the month when that month is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def complaint_window(as_of: date, parameters: ParameterFile) -> tuple[date, date]:
    """The days whose arrears complaints count on `as_of`: after the same day 12 months earlier, up to it."""
    months = int(parameters.in_force("buyer_risk_score", as_of).body["complaint_window_months"])
    return months_before(as_of, months), as_of


def buyer_risk(facts: RiskFacts, *, as_of: date, parameters: ParameterFile) -> RiskDecision:
    ctx = RuleContext("A10.5", parameters, as_of)
    ctx.inputs(
        as_of=as_of,
        overdue_amount=yuan(facts.overdue_amount_fen),
        longest_days_overdue=facts.longest_days_overdue,
        overdue_contracts=facts.overdue_contracts,
        arrears_complaints=facts.arrears_complaints,
    )
    amount_scale = ctx.yuan("buyer_risk_score", "overdue_amount", "scale")
    terms = (
        _term(ctx, "overdue_amount", Decimal(facts.overdue_amount_fen), Decimal(amount_scale), _amount),
        _count(ctx, "longest_days_overdue", facts.longest_days_overdue),
        _count(ctx, "overdue_contracts", facts.overdue_contracts),
        _count(ctx, "arrears_complaints", facts.arrears_complaints),
    )
    score = sum((t.points for t in terms), Decimal(0))
    medium = Decimal(ctx.value("buyer_risk_score", "medium_from"))
    high = Decimal(ctx.value("buyer_risk_score", "high_from"))
    level = "high" if score >= high else "medium" if score >= medium else "low"
    ctx.step(
        f"score = {' + '.join(f'{t.points}' for t in terms)} = {score}: "
        f"low < {medium} ≤ medium < {high} ≤ high → {level}",
        zh=f"风险评分 = {' + '.join(f'{t.points}' for t in terms)} = {score}："
        f"低 < {medium} ≤ 中 < {high} ≤ 高 → {_LEVELS_ZH[level]}",
    )
    return RiskDecision(as_of, score, level, terms, parameters.version, ctx.explanation)


# How a Chinese reader names the levels and the terms of the score (A10.5).
_LEVELS_ZH = {"low": "低", "medium": "中", "high": "高"}
_TERMS_ZH = {
    "overdue_amount": "逾期金额",
    "longest_days_overdue": "最长逾期天数",
    "overdue_contracts": "逾期合同数",
    "arrears_complaints": "拖欠投诉数",
}


def _amount(fen: Decimal) -> str:
    return format_fen(int(fen))


def _count(ctx: RuleContext, name: str, value: int) -> RiskTerm:
    scale = ctx.integer("buyer_risk_score", name, "scale")
    return _term(ctx, name, Decimal(value), Decimal(scale), lambda n: f"{int(n)}")


def _term(ctx: RuleContext, name: str, value: Decimal, scale: Decimal, show) -> RiskTerm:
    weight = ctx.integer("buyer_risk_score", name, "weight")
    share = min(Decimal(1), value / scale)
    points = (weight * share).quantize(_CENTS, rounding=ROUND_HALF_UP)
    ctx.step(
        f"{name}: {weight} × min(1, {show(value)} ÷ {show(scale)}) = {points}",
        zh=f"{_TERMS_ZH.get(name, name)}：{weight} × min(1, {show(value)} ÷ {show(scale)}) = {points}",
    )
    return RiskTerm(name, show(value), show(scale), weight, points)
