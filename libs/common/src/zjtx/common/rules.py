"""The rule kernel every service computes with. A rule's answer is a Decision: eligible or not, the
amount in fen, and the explanation that makes it checkable by hand: the rule id, the inputs read,
the parameters read (with their valid_from and rule), the formula with the numbers filled in, and any
cap applied (STYLE 5; OpenFisca's trace). Rules are pure: facts and parameters in, a Decision out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zjtx.common.money import format_fen, parse_yuan, round_half_up_to_fen, yuan_to_fen
from zjtx.common.parameters import ParameterFile, ParameterNotInForce, ParameterValue

# The policy's first day, a parameter of its own (RULES: in force 30 days after 2021-12-02).
POLICY_START = "policy_in_force_from"


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

    def _read(self, name: str, key: str, *path: str) -> Any:
        return self._record(self.parameters.in_force(name, self.reference_date), key, *path)

    def _record(self, value: ParameterValue, key: str, *path: str) -> Any:
        if not self.explanation.article:
            self.explanation.article = value.body.get("article", "")
        raw = value.body[key]
        for step in path:  # a figure inside a table: size_classes.sectors.industry.large.employees
            raw = raw[step]
        read = ParameterRead(value.name, ".".join((key, *path)), str(raw), value.valid_from, value.rule)
        self.explanation.parameters.append(read)
        return raw

    def value(self, name: str, key: str, *path: str) -> Any:
        """Any figure as the file holds it (a table is read figure by figure, each recorded)."""
        return self._read(name, key, *path)

    def yuan(self, name: str, key: str, *path: str) -> int:
        """A money parameter, in fen."""
        return yuan_to_fen(parse_yuan(self._read(name, key, *path)))

    def rate(self, name: str, key: str, *path: str) -> Decimal:
        return Decimal(str(self._read(name, key, *path)))

    def integer(self, name: str, key: str, *path: str) -> int:
        return int(self._read(name, key, *path))

    def day(self, name: str, key: str) -> date:
        value = self._read(name, key)
        return value if isinstance(value, date) else date.fromisoformat(str(value))

    def policy_start(self) -> date:
        """The policy's first day. A reference date before it has no value in force, by definition, so
        it is compared with the first value instead of failing: such a date is refused, not an error."""
        try:
            return self.day(POLICY_START, "value")
        except ParameterNotInForce:
            values = self.parameters.values(POLICY_START)
            if not values or values[0].valid_from <= self.reference_date:
                raise  # a gap after the start is a missing parameter, never a guess
            value = self._record(values[0], "value")
            return value if isinstance(value, date) else date.fromisoformat(str(value))

    def before_policy(self) -> str | None:
        """Why the reference date is too early for the policy, or None."""
        start = self.policy_start()
        if self.reference_date < start:
            return f"{self.reference_date} is before the policy applies ({start})"
        return None

    def inputs(self, **values: Any) -> None:
        self.explanation.inputs.update({k: _show(v) for k, v in values.items()})

    def step(self, text: str) -> None:
        self.explanation.steps.append(text)

    def cap(self, text: str) -> None:
        self.explanation.caps.append(text)

    def decide(self, amount_fen: int, *, dedup_key: str | None, monetary: bool = True) -> Decision:
        if monetary and amount_fen <= 0:
            # An award is money: a computation that rounds to nothing grants nothing.
            return self.refuse(f"the amount comes to {yuan(amount_fen)}", dedup_key=dedup_key)
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
