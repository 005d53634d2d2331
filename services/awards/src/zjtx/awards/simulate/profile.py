"""The calculator's enterprise profile, checked and turned into the facts the rules read."""

from __future__ import annotations

from datetime import date

from zjtx.awards.rules.facts import EnterpriseFacts, RecognitionFact, RelocationFact
from zjtx.awards.simulate.schemas import RecognitionIn, SimulationRequest, TradeFairClaimIn, UpgradeClaimIn
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


def build_facts(
    request: SimulationRequest, *, reference: Reference, parameters: ParameterFile, as_of: date
) -> EnterpriseFacts:
    """The profile as facts; refuses unknown codes, repeated years, and anything dated after `as_of`
    (set as_of later to ask about the future)."""
    if request.district_code not in reference.divisions:
        raise UnknownDistrict(
            f"{request.district_code} is not one of Hohhot's districts or zones ({', '.join(reference.divisions)})"
        )
    if request.cluster is not None and request.cluster not in reference.clusters:
        raise UnknownCluster(f"{request.cluster} is not one of the six clusters ({', '.join(reference.clusters)})")
    _check_dates(request, as_of)
    years = [r.year for r in request.scale_reports]
    repeated = sorted({y for y in years if years.count(y) > 1})
    if repeated:
        raise ScaleYearRepeated(f"scale_reports give {repeated[0]} more than once")
    return EnterpriseFacts(
        uscc=_uscc(request.uscc),
        district_code=request.district_code,
        cluster=request.cluster,
        is_sme=request.is_sme,
        recognitions=tuple(_recognition(r, i, parameters) for i, r in enumerate(request.recognitions)),
        relocations=tuple(
            RelocationFact(moved_in_on=r.moved_in_on, moved_from=r.moved_from) for r in request.relocations
        ),
        scale_years={r.year: r.above_scale for r in request.scale_reports},
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
                "give expires_on"
            ) from None
        expires_on = add_years(recognition.recognized_on, int(validity.body["tiers"][recognition.tier]))
    if expires_on <= recognition.recognized_on:
        raise ExpiryBeforeRecognition(
            f"recognitions[{index}]: expires_on {expires_on} is not after recognized_on {recognition.recognized_on}"
        )
    return RecognitionFact(
        tier=recognition.tier,
        recognized_on=recognition.recognized_on,
        expires_on=expires_on,
        renewal=recognition.renewal,
        held_tier_before=recognition.held_tier_before,
    )


def _check_dates(request: SimulationRequest, as_of: date) -> None:
    dated: list[tuple[str, date]] = [
        *((f"recognitions[{i}].recognized_on", r.recognized_on) for i, r in enumerate(request.recognitions)),
        *((f"relocations[{i}].moved_in_on", r.moved_in_on) for i, r in enumerate(request.relocations)),
        *((f"scale_reports[{i}].year", date(r.year, 1, 1)) for i, r in enumerate(request.scale_reports)),
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
            "set as_of later to simulate the future"
        )
