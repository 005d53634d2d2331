"""Dated parameters: each named parameter is a list of values with `valid_from` (and optional
`valid_to`), the rule id they serve and the sentence of the policy (or the standard) that sets them.
A computation reads the value in force on its reference date; a date with none in force is an
error, never a guess (STYLE: "Rules are data").

Every parameter has a typed model, and a file is checked against the models when it is loaded: a
value of the wrong shape stops the service at start, naming the file, the parameter and the rule,
not a KeyError in the middle of a computation. A parameter used by several services has one owner:
the shared ones are in this library's `data/parameters.yaml`, each service's own in its package."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

# Amounts in a parameter file are written as yuan with two decimals, rates as decimals from 0 to 1.
YuanText = Annotated[str, StringConstraints(pattern=r"^\d{1,12}\.\d{2}$")]


def _rate(text: str) -> str:
    if not Decimal(0) <= Decimal(text) <= Decimal(1):
        raise ValueError("a rate is a decimal from 0 to 1")
    return text


RateText = Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)?$"), AfterValidator(_rate)]
Count = Annotated[int, Field(ge=0)]


class ParameterModel(BaseModel):
    """What every value carries besides its figures: when it applies and where it comes from (one
    provenance key in every file: `rule` and `article`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    valid_from: date
    valid_to: date | None = None
    rule: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.]*$", description="the rule id of RULES.md (A2.2)")
    article: str = Field(min_length=1, description="the sentence of the policy, or the standard, that sets it")


# Provenance keys: what a value carries besides its figures.
NOT_FIGURES = frozenset(ParameterModel.model_fields)


class InvalidParameterFile(ValueError):
    """A parameter file that does not fit its models; the message names the file, the key and the rule."""


class ParameterNotInForce(LookupError):
    def __init__(self, name: str, on: date) -> None:
        super().__init__(f"no value of parameter {name!r} is in force on {on.isoformat()}")
        self.name = name
        self.on = on


@dataclass(frozen=True)
class ParameterValue:
    name: str
    valid_from: date
    valid_to: date | None
    body: dict[str, Any]
    # What rules have read of it, each read made once (zjtx.common.rules.RuleContext): a value is read
    # the same way by every decision, thousands of times a minute, and never changes.
    reads: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def rule(self) -> str | None:
        return self.body.get("rule")

    @property
    def article(self) -> str:
        return str(self.body.get("article", ""))


@dataclass(frozen=True)
class ParameterSource:
    """One parameter file, who owns it (`common`, a service's name), and the model of each parameter
    it must hold."""

    owner: str
    path: Path
    models: Mapping[str, type[ParameterModel]]


class ParameterFile:
    def __init__(self, version: str, entries: dict[str, list[ParameterValue]]) -> None:
        self.version = version
        self._entries = entries

    @classmethod
    def load(cls, *sources: ParameterSource) -> ParameterFile:
        """The values of every source, each checked against its model; the version names each file's
        (`common:2026-12-02.1+awards:2026-12-02.1`), and every decision records it."""
        versions: list[str] = []
        entries: dict[str, list[ParameterValue]] = {}
        for source in sources:
            version, loaded = _load_source(source)
            versions.append(version)
            clash = sorted(set(entries) & set(loaded))
            if clash:
                raise InvalidParameterFile(f"{source.path}: {', '.join(clash)} already defined by another file")
            entries.update(loaded)
        return cls("+".join(versions), entries)

    def in_force(self, name: str, on: date) -> ParameterValue:
        """The value with the latest valid_from on or before `on`; a later value replaces an earlier
        one for good, so a value whose valid_to has passed leaves a gap, not the older value."""
        started = [value for value in self._entries.get(name, []) if value.valid_from <= on]
        if not started or (started[-1].valid_to is not None and on >= started[-1].valid_to):
            raise ParameterNotInForce(name, on)
        return started[-1]

    def values(self, name: str) -> list[ParameterValue]:
        return list(self._entries.get(name, []))

    def with_body(self, name: str, **fields: Any) -> ParameterFile:
        """A copy in which every dated value of `name` has these fields of its body replaced (a test's
        setting of one parameter, the others as shipped)."""
        entries = {key: list(values) for key, values in self._entries.items()}
        entries[name] = [replace(value, body={**value.body, **fields}) for value in self.values(name)]
        return ParameterFile(self.version, entries)

    def names(self) -> list[str]:
        return sorted(self._entries)


def _load_source(source: ParameterSource) -> tuple[str, dict[str, list[ParameterValue]]]:
    path = source.path
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidParameterFile(f"{path}: cannot be read: {exc}") from None
    if not isinstance(raw, dict) or "version" not in raw:
        raise InvalidParameterFile(f"{path}: a mapping with a `version` and the parameters is expected")
    version = str(raw.pop("version"))
    unknown = sorted(set(raw) - set(source.models))
    missing = sorted(set(source.models) - set(raw))
    if unknown:
        raise InvalidParameterFile(f"{path}: unknown parameter(s) {', '.join(unknown)}: no model declares them")
    if missing:
        raise InvalidParameterFile(f"{path}: parameter(s) {', '.join(missing)} missing")
    entries = {}
    for name, values in raw.items():
        checked = [_check(path, name, index, value, source.models[name]) for index, value in enumerate(_list(values))]
        entries[name] = sorted(checked, key=lambda value: value.valid_from)
        if not checked:
            raise InvalidParameterFile(f"{path}: {name} has no value")
    return f"{source.owner}:{version}", entries


def _list(values: Any) -> Sequence[Any]:
    return values if isinstance(values, list) else [values]


def _check(path: Path, name: str, index: int, value: Any, model: type[ParameterModel]) -> ParameterValue:
    rule = value.get("rule", "?") if isinstance(value, dict) else "?"
    try:
        checked = model.model_validate(value)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(value)'}: {error['msg']}" for error in exc.errors()
        )
        raise InvalidParameterFile(f"{path}: {name}[{index}] (rule {rule}): {problems}") from None
    return ParameterValue(name, checked.valid_from, checked.valid_to, checked.model_dump(exclude_unset=True))


# -- the parameters several services read: owned here ---------------------------------------------

TIERS = (
    "innovative_sme",
    "municipal_zjtx",
    "region_zjtx",
    "region_little_giant",
    "national_little_giant",
    "single_champion",
)


class PolicyStart(ParameterModel):
    value: date


class RecognitionValidity(ParameterModel):
    tiers: dict[str, Annotated[int, Field(ge=1)]]

    @model_validator(mode="after")
    def _every_tier(self) -> RecognitionValidity:
        missing = sorted(set(TIERS) - set(self.tiers))
        if missing:
            raise ValueError(f"tiers {', '.join(missing)} have no validity")
        return self


class Threshold(ParameterModel):
    value: Annotated[int, Field(ge=1)]


class FundingSplit(ParameterModel):
    city_share: RateText


SHARED_MODELS: dict[str, type[ParameterModel]] = {
    "policy_in_force_from": PolicyStart,
    "recognition_validity_years": RecognitionValidity,
    "park_plaque_threshold": Threshold,
    "funding_split": FundingSplit,
}


def shared_source() -> ParameterSource:
    """The parameters this library owns (the ones more than one service reads)."""
    return ParameterSource(
        "common", Path(str(resources.files("zjtx.common") / "data" / "parameters.yaml")), SHARED_MODELS
    )


def load_parameters(*own: ParameterSource) -> ParameterFile:
    """A service's parameters: the shared file and its own, checked against their models."""
    return ParameterFile.load(shared_source(), *own)
