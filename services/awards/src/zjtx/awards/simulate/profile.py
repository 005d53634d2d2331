"""The calculator's enterprise profile, checked and turned into the facts the rules read."""

from __future__ import annotations

import dataclasses
from datetime import date

from zjtx.awards.errors import EnterpriseNotFound, YearNotEnded
from zjtx.awards.rules.facts import CreditListFact, EnterpriseFacts, RecognitionFact, RelocationFact, SizeFact
from zjtx.awards.simulate.schemas import (
    RecognitionIn,
    SimulationRequest,
    SupplyClaimIn,
    TradeFairClaimIn,
    UpgradeClaimIn,
)
from zjtx.common.clock import add_years
from zjtx.common.errors import Unprocessable
from zjtx.common.parameters import ParameterFile, ParameterNotInForce
from zjtx.common.reference import Reference
from zjtx.common.uscc import normalise_uscc

# Shown in explanations when the profile gives no credit code.
NO_USCC = "(not given)"


class UnknownDistrict(Unprocessable):
    code, title = "district_unknown", "Unknown district or zone"


class UnknownCluster(Unprocessable):
    code, title = "cluster_unknown", "Unknown industrial cluster"


class DateAfterAsOf(Unprocessable):
    code, title = "date_after_as_of", "The profile or a claim is dated after the simulation's as_of"


class ExpiryBeforeRecognition(Unprocessable):
    code, title = "expiry_before_recognition", "The expiry date must be after the recognition date"


class ExpiryRequired(Unprocessable):
    code, title = "expiry_required", "No default validity is on record for this date; give expires_on"


class ScaleYearRepeated(Unprocessable):
    code, title = "scale_year_repeated", "A year is reported twice in scale_reports"


class SizeDateRepeated(Unprocessable):
    code, title = "size_date_repeated", "A date is given twice in size_history"


class ProfileConflict(Unprocessable):
    code, title = "profile_conflict", "The profile says the same thing twice, differently"


def build_facts(
    request: SimulationRequest,
    *,
    reference: Reference,
    parameters: ParameterFile,
    as_of: date,
    known: EnterpriseFacts | None = None,
) -> EnterpriseFacts:
    """The profile as facts; refuses unknown codes, repeated years, and anything given dated after `as_of`
    (set as_of later to ask about the future). `known`: the enterprise as the read model knows it, whose
    every part the request does not give stands (a part given replaces the read model's whole)."""
    if request.district_code is None and known is None:
        raise EnterpriseNotFound(
            f"no enterprise {_uscc(request.uscc)} is known to the awards service: give district_code "
            "(and the rest of the profile) to simulate a hypothetical one",
            detail_zh=f"本服务无企业{_uscc(request.uscc)}的记录：测算假设企业请给出district_code（及其余企业信息）",
        )
    if request.district_code is not None and request.district_code not in reference.divisions:
        raise UnknownDistrict(
            f"{request.district_code} is not one of Hohhot's districts or zones ({', '.join(reference.divisions)})",
            detail_zh=f"{request.district_code}不是呼和浩特市的旗县区或园区（{'、'.join(reference.divisions)}）",
        )
    clusters = [("cluster", request.cluster)]
    clusters += [(f"land_projects[{i}].cluster", p.cluster) for i, p in enumerate(request.land_projects)]
    clusters += [
        (f"claims[{i}].buyer_cluster", c.buyer_cluster)
        for i, c in enumerate(request.claims)
        if isinstance(c, SupplyClaimIn)
    ]
    for where, cluster in clusters:
        if cluster is not None and cluster not in reference.clusters:
            raise UnknownCluster(
                f"{where}: {cluster} is not one of the six clusters ({', '.join(reference.clusters)})",
                detail_zh=f"{where}：{cluster}不属于六大产业集群（{'、'.join(reference.clusters)}）",
            )
    _check_dates(request, as_of)
    years = [r.year for r in request.scale_reports]
    repeated = sorted({y for y in years if years.count(y) > 1})
    if repeated:
        raise ScaleYearRepeated(
            f"scale_reports give {repeated[0]} more than once", detail_zh=f"scale_reports中{repeated[0]}年重复"
        )
    days = [s.effective_on for s in request.size_history]
    if len(set(days)) < len(days):
        raise SizeDateRepeated("size_history gives a date more than once", detail_zh="size_history中有重复日期")
    if request.size_history and "is_sme" in request.model_fields_set:
        raise ProfileConflict(
            "give is_sme (the same on every date) or size_history, not both",
            detail_zh="is_sme（各日期相同）与size_history只能给出其一",
        )
    given = _given_facts(request, parameters)
    if known is None:
        return given
    return _over(known, given, request.model_fields_set)


# The parts of the profile and the facts each one gives (is_sme and size_history are one part: the size).
_PARTS = {
    "district_code": ("district_code",),
    "cluster": ("cluster",),
    "recognitions": ("recognitions",),
    "relocations": ("relocations",),
    "scale_reports": ("scale_years",),
    "credit_lists": ("credit_lists",),
    "is_sme": ("is_sme", "sizes"),
    "size_history": ("is_sme", "sizes"),
}


def _over(known: EnterpriseFacts, given: EnterpriseFacts, fields_set: set[str]) -> EnterpriseFacts:
    """The read model's facts with the parts the request gives in their place."""
    changes = {fact: getattr(given, fact) for part, facts in _PARTS.items() if part in fields_set for fact in facts}
    facts = dataclasses.replace(known, **changes)
    if "cluster" in fields_set and "sizes" not in changes:
        # A cluster given holds on every date, over the one the read model kept for each.
        facts = dataclasses.replace(
            facts, sizes=tuple(dataclasses.replace(s, cluster=given.cluster) for s in facts.sizes)
        )
    elif "cluster" not in fields_set and "sizes" in changes:
        # A size history given, the cluster not: the read model's cluster on each date.
        facts = dataclasses.replace(
            facts,
            sizes=tuple(dataclasses.replace(s, cluster=_cluster_on(known, s.effective_on)) for s in facts.sizes),
        )
    return facts


def _cluster_on(known: EnterpriseFacts, day: date) -> str | None:
    size = known.size_on(day)
    return size.cluster if size is not None else known.cluster


def _given_facts(request: SimulationRequest, parameters: ParameterFile) -> EnterpriseFacts:
    return EnterpriseFacts(
        uscc=_uscc(request.uscc),
        district_code=request.district_code or "",
        cluster=request.cluster,
        is_sme=request.is_sme,
        recognitions=tuple(_recognition(r, i, parameters) for i, r in enumerate(request.recognitions)),
        relocations=tuple(
            RelocationFact(
                moved_in_on=r.moved_in_on,
                moved_from=r.moved_from,
                moved_from_division_code=r.moved_from_division_code,
                source=f"relocations[{i}]",
            )
            for i, r in enumerate(request.relocations)
        ),
        scale_years={r.year: r.above_scale for r in request.scale_reports},
        credit_lists=tuple(
            CreditListFact(c.list, c.listed_on, c.removed_on, source=f"credit_lists[{i}]")
            for i, c in enumerate(request.credit_lists)
        ),
        sizes=tuple(
            SizeFact(s.effective_on, s.size_class, s.size_class != "large", request.cluster)
            for s in sorted(request.size_history, key=lambda s: s.effective_on)
        ),
    )


def _uscc(code: str | None) -> str:
    if code is None:
        return NO_USCC
    return normalise_uscc(code)


def _recognition(recognition: RecognitionIn, index: int, parameters: ParameterFile) -> RecognitionFact:
    expires_on = recognition.expires_on
    if expires_on is None:
        try:
            validity = parameters.in_force("recognition_validity_years", recognition.recognized_on)
        except ParameterNotInForce:
            raise ExpiryRequired(
                f"recognitions[{index}]: no validity period is on record for {recognition.recognized_on}; "
                "give expires_on",
                detail_zh=f"recognitions[{index}]：{recognition.recognized_on}无认定有效期记录，请给出expires_on",
            ) from None
        expires_on = add_years(recognition.recognized_on, int(validity.body["tiers"][recognition.tier]))
    if expires_on <= recognition.recognized_on:
        raise ExpiryBeforeRecognition(
            f"recognitions[{index}]: expires_on {expires_on} is not after recognized_on {recognition.recognized_on}",
            detail_zh=f"recognitions[{index}]：有效期至{expires_on}不晚于认定日期{recognition.recognized_on}",
        )
    return RecognitionFact(
        tier=recognition.tier,
        recognized_on=recognition.recognized_on,
        expires_on=expires_on,
        renewal=recognition.renewal,
        revoked_on=recognition.revoked_on,
        source=f"recognitions[{index}]",
    )


def _check_dates(request: SimulationRequest, as_of: date) -> None:
    dated: list[tuple[str, date]] = [
        *((f"recognitions[{i}].recognized_on", r.recognized_on) for i, r in enumerate(request.recognitions)),
        *((f"recognitions[{i}].revoked_on", r.revoked_on) for i, r in enumerate(request.recognitions) if r.revoked_on),
        *((f"relocations[{i}].moved_in_on", r.moved_in_on) for i, r in enumerate(request.relocations)),
        *((f"scale_reports[{i}].year", date(r.year, 1, 1)) for i, r in enumerate(request.scale_reports)),
        *((f"size_history[{i}].effective_on", s.effective_on) for i, s in enumerate(request.size_history)),
        *((f"land_projects[{i}].dated_on", p.dated_on) for i, p in enumerate(request.land_projects)),
        *((f"credit_lists[{i}].listed_on", c.listed_on) for i, c in enumerate(request.credit_lists)),
        *((f"credit_lists[{i}].removed_on", c.removed_on) for i, c in enumerate(request.credit_lists) if c.removed_on),
    ]
    for i, claim in enumerate(request.claims):
        match claim:
            case UpgradeClaimIn():
                dated.append((f"claims[{i}].completed_on", claim.completed_on))
            case TradeFairClaimIn():
                dated.append((f"claims[{i}].held_on", claim.held_on))
            case _:
                dated.append((f"claims[{i}].year", date(claim.year, 1, 1)))
    late = [(where, day) for where, day in dated if day > as_of]
    if late:
        where, day = late[0]
        raise DateAfterAsOf(
            f"{where} ({day.year if where.endswith('year') else day}) is after as_of {as_of}: "
            "set as_of later to simulate the future",
            detail_zh=f"{where}（{day.year if where.endswith('year') else day}）晚于测算日{as_of}："
            "测算未来请将as_of设为更晚日期",
        )
    # RULES, finished years only: as the claims API, on the calculator's day.
    for i, claim in enumerate(request.claims):
        year = claim.held_on.year if isinstance(claim, TradeFairClaimIn) else getattr(claim, "year", None)
        if year is not None and year >= as_of.year:
            raise YearNotEnded(
                f"claims[{i}]: {year} has not ended on as_of {as_of}",
                detail_zh=f"claims[{i}]：截至测算日{as_of}，{year}年度尚未结束",
            )
