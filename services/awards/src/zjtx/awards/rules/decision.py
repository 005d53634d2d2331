"""A rule's answer: eligible or not, the amount in fen, and the explanation that makes it checkable
by hand: the rule id, the inputs read, the parameters read (with their valid_from), the formula with
the numbers filled in, and any cap applied (STYLE 5; OpenFisca's trace)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zjtx.common.money import format_fen, parse_yuan, round_half_up_to_fen, yuan_to_fen
from zjtx.common.parameters import ParameterFile


@dataclass(frozen=True)
class ParameterRead:
    name: str
    key: str
    value: str
    valid_from: date
    rule: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": f"{self.name}.{self.key}",
            "value": self.value,
            "valid_from": self.valid_from.isoformat(),
            "rule": self.rule,
        }


@dataclass
class Explanation:
    rule: str
    article: str = ""
    inputs: dict[str, Any] = field(default_factory=dict)
    parameters: list[ParameterRead] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    caps: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "article": self.article,
            "inputs": self.inputs,
            "parameters": [p.as_dict() for p in self.parameters],
            "formula": self.steps,
            "caps": self.caps,
            "reasons": self.reasons,
        }


@dataclass
class Decision:
    rule: str
    eligible: bool
    amount_fen: int
    reference_date: date
    parameters_version: str
    explanation: Explanation
    # What makes an award one of a kind: the database refuses a second award with the same key.
    dedup_key: str | None = None
    monetary: bool = True

    @property
    def reason(self) -> str | None:
        return "; ".join(self.explanation.reasons) or None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "eligible": self.eligible,
            "amount": format_fen(self.amount_fen),
            "reference_date": self.reference_date.isoformat(),
            "parameters_version": self.parameters_version,
            "explanation": self.explanation.as_dict(),
        }


class RuleContext:
    """Reads parameters in force on the reference date and records every read in the explanation."""

    def __init__(self, rule: str, parameters: ParameterFile, reference_date: date) -> None:
        self.rule = rule
        self.parameters = parameters
        self.reference_date = reference_date
        self.explanation = Explanation(rule=rule)

    def _read(self, name: str, key: str) -> Any:
        value = self.parameters.in_force(name, self.reference_date)
        if not self.explanation.article:
            self.explanation.article = value.body.get("article", "")
        raw = value.body[key]
        self.explanation.parameters.append(ParameterRead(name, key, str(raw), value.valid_from, value.rule))
        return raw

    def yuan(self, name: str, key: str) -> int:
        """A money parameter, in fen."""
        return yuan_to_fen(parse_yuan(self._read(name, key)))

    def rate(self, name: str, key: str) -> Decimal:
        return Decimal(str(self._read(name, key)))

    def integer(self, name: str, key: str) -> int:
        return int(self._read(name, key))

    def day(self, name: str, key: str) -> date:
        value = self._read(name, key)
        return value if isinstance(value, date) else date.fromisoformat(str(value))

    def inputs(self, **values: Any) -> None:
        self.explanation.inputs.update({k: _show(v) for k, v in values.items()})

    def step(self, text: str) -> None:
        self.explanation.steps.append(text)

    def cap(self, text: str) -> None:
        self.explanation.caps.append(text)

    def decide(self, amount_fen: int, *, dedup_key: str | None, monetary: bool = True) -> Decision:
        return Decision(
            self.rule,
            True,
            amount_fen,
            self.reference_date,
            self.parameters.version,
            self.explanation,
            dedup_key=dedup_key,
            monetary=monetary,
        )

    def refuse(self, reason: str, *, dedup_key: str | None = None) -> Decision:
        self.explanation.reasons.append(reason)
        return Decision(
            self.rule, False, 0, self.reference_date, self.parameters.version, self.explanation, dedup_key=dedup_key
        )


def percentage_of(base_fen: int, rate: Decimal) -> int:
    """rate × base, rounded half-up to the fen once, at the end (RULES: money)."""
    return round_half_up_to_fen(Decimal(base_fen) * rate)


def yuan(fen: int) -> str:
    """An amount as the explanation shows it: 1,234,567.89."""
    return f"{Decimal(fen) / 100:,.2f}"


def _show(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_show(v) for v in value]
    return value


__all__ = ["Decision", "Explanation", "ParameterRead", "RuleContext", "format_fen", "percentage_of", "yuan"]
