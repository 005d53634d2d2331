"""The decision procedure: every award an enterprise's facts and claims bring, decided together and in the
order of the facts' own dates, never in the order they arrived (RULES, "Order does not matter"). The live
service runs it on the read models and the stored claims whenever a fact arrives, and sets what stands
accordingly; the policy calculator runs it on a profile and hypothetical claims. One procedure, so the
same facts give the same answer in both, to the fen.

Decisions are grouped by what they share (a group is what one lock serialises in the live service): A1.2
and A1.3 are one award; each claimable rule's claims share a cap, a run of years or a once-only award.
Within a group, a "place" (the decision's dedup key) goes to the first eligible decision by date; a later
one for the same place is refused, naming the first."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from zjtx.awards.claim.schemas import RentEvidence, SupplyEvidence, TradeFairEvidence, UpgradeEvidence
from zjtx.awards.rules import recognition as recognition_rules
from zjtx.awards.rules.facts import CreditListFact, EnterpriseFacts
from zjtx.awards.rules.premises import rent_key, rent_subsidy, rent_year_holds
from zjtx.awards.rules.scale_up import scale_up_award
from zjtx.awards.rules.supply import supply_award, upgrade_award, upgrade_key
from zjtx.awards.rules.trade_fair import trade_fair_key, trade_fair_subsidy
from zjtx.common.dates import DateInFuture
from zjtx.common.parameters import ParameterFile, ParameterNotInForce
from zjtx.common.reference import tier_zh
from zjtx.common.rules import Decision, RuleContext

Evidence = SupplyEvidence | UpgradeEvidence | RentEvidence | TradeFairEvidence

# rule -> the group its decisions belong to (and are serialised by, live)
GROUP_OF_RULE = {
    "A1.1": "A1.1",
    "A1.2": "A1.2|A1.3",
    "A1.3": "A1.2|A1.3",
    "A2.1": "A2.1",
    "A2.2": "A2.2",
    "A3.rent": "A3.rent",
    "A4.1": "A4.1",
    "A6.1": "A6.1",
}
GROUPS = tuple(dict.fromkeys(GROUP_OF_RULE.values()))
RULES_OF_GROUP = {group: tuple(r for r, g in GROUP_OF_RULE.items() if g == group) for group in GROUPS}
ALREADY_AWARDED = "already_awarded"
CREDIT_BLACK_LIST = "credit_black_list"
RECOGNITION_WITHDRAWN = "recognition_withdrawn"
# The recognition awards: the rule a recognition of each tier is decided under.
RECOGNITION_RULES = {"municipal_zjtx": "A1.1", "national_little_giant": "A1.2"}


@dataclass(frozen=True)
class ClaimFact:
    """A claim's evidence, named by its source (`claim:<id>`, `claims[0]`); `order` breaks ties between
    claims of the same date: the order they were filed in."""

    source: str
    evidence: Evidence
    order: tuple = ()

    @property
    def rule(self) -> str:
        return self.evidence.rule

    @property
    def on(self) -> date:
        return claim_date(self.evidence)


@dataclass(frozen=True)
class Decided:
    source: str
    group: str
    on: date
    decision: Decision


def claim_date(evidence: Evidence) -> date:
    """The date a claim is decided on: the completion date, the fair's date, or the year's last day."""
    match evidence:
        case UpgradeEvidence():
            return evidence.completed_on
        case TradeFairEvidence():
            return evidence.held_on
        case _:
            return date(evidence.year, 12, 31)


def decide_enterprise(
    facts: EnterpriseFacts,
    claims: Sequence[ClaimFact],
    *,
    parameters: ParameterFile,
    today: date,
    groups: Sequence[str] = GROUPS,
) -> list[Decided]:
    """Every decision of `groups` for the enterprise, in date order. A fact dated after `today` is not
    taken into account and is refused (date_in_future)."""
    withdrawn = _withdrawn(facts, parameters)
    facts = replace(facts, recognitions=tuple(r for r in facts.recognitions if not r.withdrawn))
    future = _future(facts, today, parameters) + withdrawn
    facts = replace(
        facts,
        recognitions=tuple(r for r in facts.recognitions if r.recognized_on <= today),
        relocations=tuple(r for r in facts.relocations if r.moved_in_on <= today),
    )
    decided = [d for d in future if d.group in groups]
    for group in groups:
        decided += _DECIDERS[group](facts, [c for c in claims if GROUP_OF_RULE[c.rule] == group], parameters)
    return sorted(decided, key=lambda d: d.on)


# -- the groups ------------------------------------------------------------------------------------


def _municipal(facts: EnterpriseFacts, _claims: list[ClaimFact], parameters: ParameterFile) -> list[Decided]:
    recognitions = sorted(
        (r for r in facts.recognitions if r.tier == recognition_rules.MUNICIPAL), key=lambda r: r.recognized_on
    )
    places = _Places(facts)
    return [
        places.take(
            Decided(
                r.source,
                "A1.1",
                r.recognized_on,
                _guarded(
                    "A1.1",
                    r.recognized_on,
                    f"A1.1:{facts.uscc}",
                    parameters,
                    lambda r=r: recognition_rules.municipal_recognition_award(facts, r, parameters),
                ),
            )
        )
        for r in recognitions
    ]


def _little_giant(facts: EnterpriseFacts, _claims: list[ClaimFact], parameters: ParameterFile) -> list[Decided]:
    """A1.2 (a new national recognition) and A1.3 (a move in while holding one): one award, to the first
    eligible by date; the facts, not their order of arrival, say which (RULES A1.3)."""
    key = recognition_rules.little_giant_key(facts.uscc)
    candidates = [
        Decided(
            r.source,
            "A1.2|A1.3",
            r.recognized_on,
            _guarded(
                "A1.2",
                r.recognized_on,
                key,
                parameters,
                lambda r=r: recognition_rules.national_little_giant_award(facts, r, parameters),
            ),
        )
        for r in facts.recognitions
        if r.tier == recognition_rules.NATIONAL
    ] + [
        Decided(
            m.source,
            "A1.2|A1.3",
            m.moved_in_on,
            _guarded(
                "A1.3",
                m.moved_in_on,
                key,
                parameters,
                lambda m=m: recognition_rules.relocation_award(facts, m, parameters),
            ),
        )
        for m in facts.relocations
    ]
    places = _Places(facts)
    return [places.take(d) for d in sorted(candidates, key=lambda d: d.on)]


def _scale_up(facts: EnterpriseFacts, _claims: list[ClaimFact], parameters: ParameterFile) -> list[Decided]:
    """A4.1: decided for the first above-scale year that completes a run; with none, for the last year
    reported, whose refusal says why."""
    if not facts.scale_years:
        return []
    key = f"A4.1:{facts.uscc}"

    def decided(year: int) -> Decided:
        on = date(year, 12, 31)
        decision = _guarded(
            "A4.1", on, key, parameters, lambda: scale_up_award(facts, reported_year=year, parameters=parameters)
        )
        return Decided(f"scale:{year}", "A4.1", on, decision)

    for year in sorted(y for y, above in facts.scale_years.items() if above):
        candidate = decided(year)
        if candidate.decision.eligible:
            return [credit_checked(facts, candidate)]
    return [decided(max(facts.scale_years))]


def _supply(facts: EnterpriseFacts, claims: list[ClaimFact], parameters: ParameterFile) -> list[Decided]:
    places = _Places(facts)
    out = []
    for claim in _in_order(claims):
        e = claim.evidence
        decision = _guarded(
            "A2.1",
            claim.on,
            f"A2.1:{facts.uscc}",
            parameters,
            lambda e=e: supply_award(
                facts,
                year=e.year,
                supply_fen=e.supply_amount,
                previous_year_supply_fen=e.previous_year_supply_amount,
                buyer_cluster=e.buyer_cluster,
                own_product=e.own_product,
                parameters=parameters,
            ),
        )
        out.append(places.take(Decided(claim.source, "A2.1", claim.on, decision)))
    return out


def _upgrade(facts: EnterpriseFacts, claims: list[ClaimFact], parameters: ParameterFile) -> list[Decided]:
    places = _Places(facts)
    out = []
    for claim in _in_order(claims):
        e = claim.evidence
        decision = _guarded(
            "A2.2",
            claim.on,
            upgrade_key(facts.uscc, e.project_name),
            parameters,
            lambda e=e: upgrade_award(
                facts,
                project_name=e.project_name,
                investment_fen=e.investment_amount,
                completed_on=e.completed_on,
                parameters=parameters,
            ),
        )
        out.append(places.take(Decided(claim.source, "A2.2", claim.on, decision)))
    return out


def _rent(facts: EnterpriseFacts, claims: list[ClaimFact], parameters: ParameterFile) -> list[Decided]:
    """A3.rent: the run is decided from every claim that holds on its own, whatever order they came in."""
    ordered = _in_order(claims)
    eligible_years = {
        c.evidence.year
        for c in ordered
        if _holds(
            lambda c=c: rent_year_holds(
                facts, year=c.evidence.year, premises_use=c.evidence.premises_use, parameters=parameters
            )
        )
    }
    places = _Places(facts)
    out = []
    for claim in ordered:
        e = claim.evidence
        decision = _guarded(
            "A3.rent",
            claim.on,
            rent_key(facts.uscc, e.year),
            parameters,
            lambda e=e: rent_subsidy(
                facts,
                year=e.year,
                rent_fen=e.rent_paid,
                premises_use=e.premises_use,
                eligible_years=eligible_years,
                parameters=parameters,
            ),
        )
        out.append(places.take(Decided(claim.source, "A3.rent", claim.on, decision)))
    return out


def _trade_fair(facts: EnterpriseFacts, claims: list[ClaimFact], parameters: ParameterFile) -> list[Decided]:
    """A6.1: fairs in date order, each seeing what the earlier fairs of its year were granted (the cap)."""
    granted: dict[int, int] = {}
    places = _Places(facts)
    out = []
    for claim in _in_order(claims):
        e = claim.evidence
        decision = _guarded(
            "A6.1",
            claim.on,
            trade_fair_key(facts.uscc, e.held_on, e.fair_name),
            parameters,
            lambda e=e: trade_fair_subsidy(
                facts,
                fair_name=e.fair_name,
                fair_level=e.fair_level,
                held_on=e.held_on,
                booth_fee_fen=e.booth_fee,
                already_this_year_fen=granted.get(e.held_on.year, 0),
                parameters=parameters,
            ),
        )
        taken = places.take(Decided(claim.source, "A6.1", claim.on, decision))
        if taken.decision.eligible:
            granted[e.held_on.year] = granted.get(e.held_on.year, 0) + taken.decision.amount_fen
        out.append(taken)
    return out


_DECIDERS: dict[str, Callable[[EnterpriseFacts, list[ClaimFact], ParameterFile], list[Decided]]] = {
    "A1.1": _municipal,
    "A1.2|A1.3": _little_giant,
    "A4.1": _scale_up,
    "A2.1": _supply,
    "A2.2": _upgrade,
    "A3.rent": _rent,
    "A6.1": _trade_fair,
}


# -- helpers ----------------------------------------------------------------------------------------


class _Places:
    """Which source took each place (dedup key) first, as the database's unique key does live. A decision
    is credit-checked before it takes a place: one refused for the black list takes none, and (A6.1) uses
    none of the year's cap."""

    def __init__(self, facts: EnterpriseFacts) -> None:
        self.facts = facts
        self.first: dict[str, str] = {}

    def take(self, decided: Decided) -> Decided:
        decided = credit_checked(self.facts, decided)
        decision = decided.decision
        if not decision.eligible or decision.dedup_key is None:
            return decided
        first = self.first.setdefault(decision.dedup_key, decided.source)
        if first == decided.source:
            return decided
        return replace(
            decided,
            decision=_refused(
                decision,
                f"already awarded for the same facts ({decision.rule}): {first}",
                f"同一事项已按{decision.rule}给予奖励：{first}",
            ),
        )


def credit_checked(facts: EnterpriseFacts, decided: Decided) -> Decided:
    """信用核查 (issue 12, item 4): an enterprise on the serious-dishonesty list (黑名单) on the decision's
    date (the date the rule decides on: the recognition, the move, the completion, the fair, the claim
    year's last day) gets no award: the decision is refused with `credit_black_list`, its figures kept in
    the explanation. A non-monetary or already refused decision is left as it is."""
    decision = decided.decision
    if not decision.eligible:
        return decided
    entry = facts.black_listed_on(decided.on)
    if entry is None:
        return decided
    removed = f", until {entry.removed_on}" if entry.removed_on else ""
    by = f" by {entry.authority}" if entry.authority else ""
    why = f": {entry.reason}" if entry.reason else ""
    removed_zh = f"，至{entry.removed_on}移出" if entry.removed_on else ""
    by_zh = f"（{entry.authority}）" if entry.authority else ""
    why_zh = f"：{entry.reason_zh or entry.reason}" if entry.reason else ""
    reason_zh = (
        f"{decided.on}处于严重失信主体名单（黑名单）期间：{entry.listed_on}列入{by_zh}{removed_zh}{why_zh}；"
        "列入黑名单的企业不予奖励"
    )
    reason = (
        f"on the serious-dishonesty list (黑名单) on {decided.on}: listed on {entry.listed_on}{by}{removed}{why}; "
        "an enterprise on it gets no award"
    )
    refused = _refused(decision, reason, reason_zh, CREDIT_BLACK_LIST)
    refused.explanation.inputs = {**refused.explanation.inputs, "credit_list": _entry_input(entry)}
    return replace(decided, decision=refused)


def _entry_input(entry: CreditListFact) -> dict:
    return {
        "list": entry.list,
        "listed_on": entry.listed_on.isoformat(),
        "removed_on": entry.removed_on.isoformat() if entry.removed_on else None,
        "authority": entry.authority,
        "source": entry.source,
    }


def _refused(decision: Decision, reason: str, reason_zh: str, code: str = ALREADY_AWARDED) -> Decision:
    explanation = copy.deepcopy(decision.explanation)
    explanation.say("reasons", reason, reason_zh)
    explanation.reason_codes.append(code)
    return replace(decision, eligible=False, amount_fen=0, explanation=explanation)


def _in_order(claims: list[ClaimFact]) -> list[ClaimFact]:
    return sorted(claims, key=lambda c: (c.on, c.order))


def _guarded(rule: str, on: date, key: str, parameters: ParameterFile, decide: Callable[[], Decision]) -> Decision:
    """The rule's decision; a date on which a figure it needs has no value in force is a refusal with its
    reason, never an error."""
    try:
        return decide()
    except ParameterNotInForce as exc:
        ctx = RuleContext(rule, parameters, on)
        return ctx.refuse(
            f"{exc}: the policy did not apply then",
            zh=f"{exc}：当时本政策不适用",
            code="parameter_not_in_force",
            dedup_key=key,
        )


def _holds(check: Callable[[], bool]) -> bool:
    try:
        return check()
    except ParameterNotInForce:
        return False


def _future(facts: EnterpriseFacts, today: date, parameters: ParameterFile) -> list[Decided]:
    """A refusal for each recognition or move dated after today: a fact that has not happened yet."""
    out = []
    for r in facts.recognitions:
        if r.recognized_on > today:
            rule = RECOGNITION_RULES.get(r.tier)
            if rule is not None:
                out.append(_dated_after(rule, r.source, r.recognized_on, today, parameters))
    for m in facts.relocations:
        if m.moved_in_on > today:
            out.append(_dated_after("A1.3", m.source, m.moved_in_on, today, parameters))
    return out


def _withdrawn(facts: EnterpriseFacts, parameters: ParameterFile) -> list[Decided]:
    """A refusal for each recognition withdrawn as recorded in error that an award rule reads (A1.1, A1.2),
    so that what it brought is taken back with the reason (a correction, issue 12 item 2)."""
    out = []
    for r in facts.recognitions:
        rule = RECOGNITION_RULES.get(r.tier)
        if r.withdrawn and rule is not None:
            ctx = RuleContext(rule, parameters, r.recognized_on)
            decision = ctx.refuse(
                f"recognition {r.tier} of {r.recognized_on} withdrawn as recorded in error: {r.withdrawn_reason}",
                zh=f"{r.recognized_on}的认定（{tier_zh(r.tier)}）因登记错误已撤回：{r.withdrawn_reason}",
                code=RECOGNITION_WITHDRAWN,
            )
            out.append(Decided(r.source, GROUP_OF_RULE[rule], r.recognized_on, decision))
    return out


def _dated_after(rule: str, source: str, on: date, today: date, parameters: ParameterFile) -> Decided:
    ctx = RuleContext(rule, parameters, on)
    decision = ctx.refuse(
        f"dated {on}, after today ({today}): not happened yet",
        zh=f"日期{on}晚于今天（{today}）：尚未发生",
        code=DateInFuture.code,
    )
    return Decided(source, GROUP_OF_RULE[rule], on, decision)
