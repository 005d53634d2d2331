"""An enterprise's facts over time (RULES: "the registry keeps the history of size classes so that any
past date can be answered"). Each version holds every fact and the size class derived from them on its
own date, and names the facts it set itself (`changed`). A change for a date inserts or amends the
version of that date and is carried into the later versions that did not set the same facts
themselves, so the same changes give the same history whatever order they are recorded in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zjtx.common.kit.context import Context
from zjtx.registry import errors
from zjtx.registry.enterprise import rules
from zjtx.registry.enterprise.models import Enterprise, EnterpriseFacts
from zjtx.registry.enterprise.records import NewEnterprise, NewFacts

# API name -> column, for each fact a version holds.
FACTS = {
    "name": "name",
    "district_code": "district_code",
    "sector": "sector",
    "cluster": "cluster",
    "employees": "employees",
    "annual_revenue": "annual_revenue_fen",
    "total_assets": "total_assets_fen",
    "park_id": "park_id",
}
# The facts as a Chinese line names them (a history line says which changed).
FACT_NAMES_ZH = {
    "name": "企业名称",
    "district_code": "所属旗县区",
    "sector": "所属行业",
    "cluster": "产业集群",
    "employees": "从业人员",
    "annual_revenue": "营业收入",
    "total_assets": "资产总额",
    "park_id": "所在园区",
}
CLEARABLE = frozenset({"cluster", "total_assets", "park_id"})  # facts a change may set to null


@dataclass
class Change:
    """What one change did: the version of its date (new or amended) and every version it touched, each
    with the facts it took."""

    version: EnterpriseFacts
    new: bool
    touched: list[tuple[EnterpriseFacts, list[str]]] = field(default_factory=list)


def first_version(enterprise: NewEnterprise) -> NewFacts:
    """A new enterprise's facts, in effect from its registration: it set them all."""
    version = NewFacts(
        id=uuid.uuid4(),
        uscc=enterprise.uscc,
        effective_on=enterprise.registered_on,
        changed=sorted(FACTS),
        **{column: getattr(enterprise, column) for column in FACTS.values()},
    )
    return version


def derive_size(ctx: Context, version: EnterpriseFacts | NewFacts) -> None:
    """The size class of a version, under the standard in force on its own date."""
    try:
        verdict = rules.size_class(
            sector=version.sector,
            employees=version.employees,
            revenue_fen=version.annual_revenue_fen,
            assets_fen=version.total_assets_fen,
            on=version.effective_on,
            parameters=ctx.parameters,
        )
    except rules.MeasureMissing as exc:
        raise errors.TotalAssetsRequired(str(exc), detail_zh=exc.zh) from None
    version.size_class, version.is_sme = verdict.size_class, verdict.is_sme
    version.size_explanation = verdict.explanation.as_dict()


def changes_from(base: EnterpriseFacts, sent: dict[str, Any]) -> dict[str, Any]:
    """The facts sent (API names) that differ from the version in force on the change's date; null
    clears only what may be cleared."""
    return {
        name: value
        for name, value in sent.items()
        if name in FACTS and getattr(base, FACTS[name]) != value and (value is not None or name in CLEARABLE)
    }


def apply_change(versions: list[EnterpriseFacts], *, effective_on: date, changes: dict[str, Any]) -> Change:
    """Insert or amend the version of `effective_on` with `changes`, and carry each changed fact into the
    later versions up to the first that set that fact itself. `versions` is oldest first, and its first
    version (the registration's) is in effect on `effective_on`."""
    base = [v for v in versions if v.effective_on <= effective_on][-1]
    if base.effective_on == effective_on:
        version, new = base, False
    else:
        version = EnterpriseFacts(
            id=uuid.uuid4(),
            uscc=base.uscc,
            effective_on=effective_on,
            changed=[],
            **{column: getattr(base, column) for column in FACTS.values()},
        )
        new = True
    for name, value in changes.items():
        setattr(version, FACTS[name], value)
    version.changed = sorted(set(version.changed) | set(changes))
    change = Change(version, new, [(version, sorted(changes))])
    carried = dict(changes)
    for later in (v for v in versions if v.effective_on > effective_on):
        taken = []
        for name in list(carried):
            if name in later.changed:  # it set this fact itself: from here on, its value holds
                del carried[name]
            elif getattr(later, FACTS[name]) != carried[name]:
                setattr(later, FACTS[name], carried[name])
                taken.append(name)
        if taken:
            change.touched.append((later, sorted(taken)))
        if not carried:
            break
    return change


def make_current(enterprise: Enterprise | NewEnterprise, latest: EnterpriseFacts | NewFacts) -> None:
    """The enterprise row shows its latest version (no version is dated after today)."""
    for column in FACTS.values():
        setattr(enterprise, column, getattr(latest, column))
    enterprise.size_class, enterprise.is_sme = latest.size_class, latest.is_sme
    enterprise.size_explanation = latest.size_explanation
    enterprise.effective_on = latest.effective_on
