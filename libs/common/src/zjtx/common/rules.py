"""The rule kernel every service computes with. A rule's answer is a Decision: eligible or not, the
amount in fen, and the explanation that makes it checkable by hand: the rule id and the article of the
policy that grants it, the inputs read, the parameters read (each with its valid_from, rule and own
article), the formula with the numbers filled in, any cap applied, and for a refusal its reasons with
stable codes (`before_policy`, …). Rules are pure: facts and parameters in, a Decision out (STYLE 5;
OpenFisca's trace)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zjtx.common.money import format_fen, parse_yuan, round_half_up_to_fen, yuan_to_fen
from zjtx.common.parameters import ParameterFile, ParameterNotInForce, ParameterValue

# The policy's first day, a parameter of its own (RULES: in force 30 days after 2021-12-02).
POLICY_START = "policy_in_force_from"


# Reason codes every rule may give (a rule adds its own: `year_not_ended`, `not_sme`, …).
BEFORE_POLICY = "before_policy"
NOT_ELIGIBLE = "not_eligible"


@dataclass(frozen=True)
class ParameterRead:
    name: str
    key: str
    value: str
    valid_from: date
    rule: str | None
    article: str = ""
    # False for a figure every rule reads alike (the policy's first day): listed, never cited.
    citable: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": f"{self.name}.{self.key}",
            "value": self.value,
            "valid_from": self.valid_from.isoformat(),
            "rule": self.rule,
            "article": self.article,
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
    reason_codes: list[str] = field(default_factory=list)
    # The same lines for people who read Chinese (the default reader): formula, caps, reasons, one per
    # English line and in the same order. `localised` gives a reader the lines of its language.
    chinese: dict[str, list[str]] = field(default_factory=lambda: {"formula": [], "caps": [], "reasons": []})
    # How well `article` is cited so far (cite_read): 2 by the rule's own parameter, 1 by a sub-rule's.
    _cited_rank: int = field(default=0, repr=False, compare=False)

    def cite(self) -> None:
        """The article the explanation cites: that of the rule that decides (a parameter filed under
        this rule, else under one of its sub-rules: A13 → A13.1), never that of a parameter another
        rule owns and this one only reads, such as the policy's first day."""
        self.article, self._cited_rank = "", 0
        for read in self.parameters:
            self.cite_read(read)

    def cite_read(self, read: ParameterRead) -> None:
        """`cite` for one more read, in constant time (a rule reads a dozen parameters per decision): the
        first read of the rule's own beats the first of a sub-rule's, which beats none."""
        if not (read.citable and read.article):
            return
        rank = 2 if read.rule == self.rule else 1 if (read.rule or "").startswith(self.rule + ".") else 0
        if rank > self._cited_rank:
            self.article, self._cited_rank = read.article, rank

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "article": self.article,
            "inputs": self.inputs,
            "parameters": [p.as_dict() for p in self.parameters],
            "formula": self.steps,
            "caps": self.caps,
            "reasons": self.reasons,
            "reason_codes": self.reason_codes,
            "zh": self.chinese,
        }

    def say(self, part: str, english: str, chinese: str | None) -> None:
        """One more line of `part` (formula, caps or reasons) in both languages; a line without its
        Chinese yet is shown in English to both readers rather than left out."""
        {"formula": self.steps, "caps": self.caps, "reasons": self.reasons}[part].append(english)
        self.chinese[part].append(english if chinese is None else chinese)


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

    @property
    def reason_zh(self) -> str | None:
        """The reasons of a refusal as a Chinese reader reads them."""
        return "；".join(self.explanation.chinese["reasons"]) or None

    @property
    def reason_code(self) -> str | None:
        """The stable code of the first reason of a refusal (`before_policy`, …), None when eligible."""
        return self.explanation.reason_codes[0] if self.explanation.reason_codes else None

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
        self._policy_start: date | None = None

    def _read(self, name: str, key: str, *path: str, citable: bool = True) -> Any:
        return self._record(self.parameters.in_force(name, self.reference_date), key, *path, citable=citable)

    def _record(self, value: ParameterValue, key: str, *path: str, citable: bool = True) -> Any:
        known = value.reads.get((key, path, citable))
        if known is None:  # the first read of this figure in the process: every later one is the same
            raw = value.body[key]
            for step in path:  # a figure inside a table: size_classes.sectors.industry.large.employees
                raw = raw[step]
            read = ParameterRead(
                value.name, ".".join((key, *path)), str(raw), value.valid_from, value.rule, value.article, citable
            )
            known = value.reads[(key, path, citable)] = (raw, read)
        raw, read = known
        self.explanation.parameters.append(read)
        self.explanation.cite_read(read)
        return raw

    def record(self, value: ParameterValue, key: str, *path: str) -> Any:
        """A figure of a value the rule chose itself (not the one in force on the reference date: the
        earliest on record, say), recorded like any other read."""
        return self._record(value, key, *path)

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
        if self._policy_start is not None:  # read once per decision, listed once
            return self._policy_start
        try:
            value = self._read(POLICY_START, "value", citable=False)
        except ParameterNotInForce:
            values = self.parameters.values(POLICY_START)
            if not values or values[0].valid_from <= self.reference_date:
                raise  # a gap after the start is a missing parameter, never a guess
            value = self._record(values[0], "value", citable=False)
        self._policy_start = value if isinstance(value, date) else date.fromisoformat(str(value))
        return self._policy_start

    def before_policy(self, day: date | None = None) -> str | None:
        """Why `day` (default the reference date) is too early for the policy, or None."""
        start = self.policy_start()
        day = self.reference_date if day is None else day
        if day < start:
            return f"{day} is before the policy applies ({start})"
        return None

    def before_policy_zh(self, day: date | None = None) -> str | None:
        """`before_policy` as a Chinese reader reads it."""
        start = self.policy_start()
        day = self.reference_date if day is None else day
        return f"{day}早于本政策施行之日（{start}）" if day < start else None

    def refuse_before_policy(self, *, dedup_key: str | None = None, day: date | None = None) -> Decision | None:
        """A refusal with the code `before_policy` when `day` (default the reference date) comes before
        the policy's first day; None otherwise. Every rule that needs the policy in force asks this
        first, so that a fact dated earlier is refused with a reason, never failed on a parameter
        that was not in force then."""
        too_early = self.before_policy(day)
        if too_early is None:
            return None
        return self.refuse(too_early, zh=self.before_policy_zh(day), code=BEFORE_POLICY, dedup_key=dedup_key)

    def inputs(self, **values: Any) -> None:
        self.explanation.inputs.update({k: _show(v) for k, v in values.items()})

    def step(self, text: str, *, zh: str | None = None) -> None:
        """A line of the formula with its figures, in English and (`zh`) in Chinese."""
        self.explanation.say("formula", text, zh)

    def cap(self, text: str, *, zh: str | None = None) -> None:
        """A cap applied, in English and (`zh`) in Chinese."""
        self.explanation.say("caps", text, zh)

    def decide(self, amount_fen: int, *, dedup_key: str | None, monetary: bool = True) -> Decision:
        if monetary and amount_fen <= 0:
            # An award is money: a computation that rounds to nothing grants nothing.
            return self.refuse(
                f"the amount comes to {yuan(amount_fen)}",
                zh=f"计算金额为{yuan(amount_fen)}元，无可发放金额",
                code="no_amount",
                dedup_key=dedup_key,
            )
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

    def refuse(
        self, reason: str, *, zh: str | None = None, code: str = NOT_ELIGIBLE, dedup_key: str | None = None
    ) -> Decision:
        """Not eligible, for `reason` (`zh`: the same in Chinese); `code` is the stable name of the reason
        (`before_policy`, …)."""
        self.explanation.say("reasons", reason, zh)
        self.explanation.reason_codes.append(code)
        return Decision(
            self.rule, False, 0, self.reference_date, self.parameters.version, self.explanation, dedup_key=dedup_key
        )


def said_in(language: str, english: str | None, chinese: str | None) -> str | None:
    """A text kept in both languages as a reader of `language` reads it: the Chinese to a Chinese reader
    when there is one (a text typed by a person, or kept before the Chinese was, has none), else the English."""
    return chinese if language.startswith("zh") and chinese else english


def localised(explanation: dict[str, Any], language: str) -> dict[str, Any]:
    """A stored explanation (`Explanation.as_dict`) as a reader of `language` (`zh-CN` or `en`) reads it:
    formula, caps and reasons in that language, codes and figures as they are. One stored before the
    Chinese lines were kept reads in English."""
    shown = {key: value for key, value in explanation.items() if key != "zh"}
    chinese = explanation.get("zh")
    if language.startswith("zh") and isinstance(chinese, dict):
        for part in ("formula", "caps", "reasons"):
            lines = chinese.get(part)
            if isinstance(lines, list) and len(lines) == len(shown.get(part) or []):
                shown[part] = lines
    return shown


def percentage_of(base_fen: int, rate: Decimal) -> int:
    """rate × base, rounded half-up to the fen once, at the end (RULES: money)."""
    return round_half_up_to_fen(Decimal(base_fen) * rate)


def yuan(fen: int) -> str:
    """An amount as the explanation shows it: 1,234,567.89 (in integers, as format_fen)."""
    whole, part = divmod(abs(fen), 100)
    return f"{'-' if fen < 0 else ''}{whole:,}.{part:02d}"


def _show(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_show(v) for v in value]
    return value


__all__ = [
    "BEFORE_POLICY",
    "NOT_ELIGIBLE",
    "Decision",
    "Explanation",
    "ParameterRead",
    "RuleContext",
    "format_fen",
    "localised",
    "percentage_of",
    "yuan",
]
