"""What-if parameters for the policy calculator: a copy of the parameter file in which the value in force
on a date carries another figure. Pure: the shipped file is never changed, nothing is stored."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from zjtx.awards.errors import ParameterMissing
from zjtx.common.errors import Unprocessable
from zjtx.common.money import InvalidAmount, parse_yuan
from zjtx.common.parameters import NOT_FIGURES, ParameterFile, ParameterNotInForce, ParameterValue

VERSION_SUFFIX = "+what-if"


class UnknownParameter(Unprocessable):
    code, title = "parameter_unknown", "No parameter of this name and key"


class InvalidOverride(Unprocessable):
    code, title = "parameter_override_invalid", "The override's value does not fit the parameter"


@dataclass(frozen=True)
class Override:
    name: str
    key: str
    value: Any


@dataclass(frozen=True)
class AppliedOverride:
    name: str
    key: str
    value: Any
    original_value: Any
    valid_from: date
    rule: str | None

    @property
    def reference(self) -> str:
        return f"{self.name}.{self.key}"


def overridden(
    parameters: ParameterFile, overrides: Iterable[Override], *, on: date
) -> tuple[ParameterFile, list[AppliedOverride]]:
    """A new ParameterFile whose values in force on `on` carry the overrides; the values of other
    periods are left as they are. Its version says it is a what-if run."""
    applied: list[AppliedOverride] = []
    replaced: dict[tuple[str, date], ParameterValue] = {}
    for override in overrides:
        if override.name not in parameters.names():
            raise UnknownParameter(
                f"no parameter {override.name!r}; GET /v1/parameters lists them",
                detail_zh=f"无参数{override.name!r}；参数列表见GET /v1/parameters",
            )
        try:
            current = parameters.in_force(override.name, on)
        except ParameterNotInForce as exc:
            raise ParameterMissing(f"{exc}: nothing to override", detail_zh=f"{exc}：无可替换的参数值") from None
        value = replaced.get((override.name, current.valid_from), current)
        if override.key in NOT_FIGURES or override.key not in value.body:
            figures = ", ".join(k for k in value.body if k not in NOT_FIGURES)
            raise UnknownParameter(
                f"{override.name} has no figure {override.key!r} (its figures: {figures})",
                detail_zh=f"参数{override.name}无数值项{override.key!r}（其数值项：{figures}）",
            )
        if any(a.name == override.name and a.key == override.key for a in applied):
            raise InvalidOverride(
                f"{override.name}.{override.key} is overridden twice",
                detail_zh=f"{override.name}.{override.key}被重复替换",
            )
        original = value.body[override.key]
        new = _coerce(override, original)
        replaced[(override.name, value.valid_from)] = dataclasses.replace(value, body={**value.body, override.key: new})
        applied.append(AppliedOverride(override.name, override.key, new, original, value.valid_from, value.rule))
    if not applied:
        return parameters, []
    entries = {
        name: [replaced.get((name, v.valid_from), v) for v in parameters.values(name)] for name in parameters.names()
    }
    return ParameterFile(parameters.version + VERSION_SUFFIX, entries), applied


def mark_overridden_reads(explanation: dict[str, Any], applied: list[AppliedOverride]) -> dict[str, Any]:
    """Flag each parameter read of the explanation that saw an overridden figure, with the figure it replaced."""
    if not applied:
        return explanation
    by_read = {(a.reference, a.valid_from.isoformat()): a for a in applied}
    reads = []
    for read in explanation.get("parameters", []):
        override = by_read.get((read["name"], read["valid_from"]))
        if override is not None:
            read = {**read, "overridden": True, "original_value": show_figure(override.original_value)}
        reads.append(read)
    return {**explanation, "parameters": reads}


def _coerce(override: Override, original: Any) -> Any:
    """The override in the type of the figure it replaces: a date, a whole number, a rate (a decimal
    from 0 to 1, for keys named `rate` or `*_share`) or an amount of yuan (any other decimal string)."""
    where = f"{override.name}.{override.key}"
    raw = override.value
    text = repr(raw) if isinstance(raw, float) else str(raw).strip()
    if isinstance(original, (bool, dict, list)):
        raise InvalidOverride(
            f"{where} is not a single figure and cannot be overridden", detail_zh=f"{where}不是单一数值，不能替换"
        )
    if isinstance(original, date):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise InvalidOverride(
                f"{where} is a date: give it as YYYY-MM-DD, not {text!r}",
                detail_zh=f"{where}为日期：请按YYYY-MM-DD格式给出，而非{text!r}",
            ) from None
    if isinstance(original, int):
        if not (text.isascii() and text.isdigit()) or int(text) < 1:
            raise InvalidOverride(
                f"{where} is a whole number of at least 1, not {text!r}",
                detail_zh=f"{where}须为不小于1的整数，而非{text!r}",
            )
        return int(text)
    if override.key == "rate" or override.key.endswith("_share"):
        try:
            rate = Decimal(text)
        except InvalidOperation:
            raise InvalidOverride(
                f"{where} is a rate: a decimal from 0 to 1, not {text!r}",
                detail_zh=f"{where}为比例：须为0至1的小数，而非{text!r}",
            ) from None
        if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(1):
            raise InvalidOverride(
                f"{where} is a rate: a decimal from 0 to 1, not {text!r}",
                detail_zh=f"{where}为比例：须为0至1的小数，而非{text!r}",
            )
        return str(rate)
    try:
        return f"{parse_yuan(text):.2f}"
    except InvalidAmount as exc:
        raise InvalidOverride(f"{where} is an amount of yuan: {exc}", detail_zh=f"{where}为金额（元）：{exc}") from None
    except InvalidOperation:  # beyond decimal precision, e.g. "1e30"
        raise InvalidOverride(
            f"{where} is an amount of yuan, not {text!r}", detail_zh=f"{where}为金额（元），而非{text!r}"
        ) from None


def show_figure(value: Any) -> str:
    """A figure as JSON shows it: a date in ISO form, anything else as its text."""
    return value.isoformat() if isinstance(value, date) else str(value)
