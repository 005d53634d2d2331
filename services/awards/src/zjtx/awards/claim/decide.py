"""Which rule decides a claim, and with what: one mapping, used for real claims and for the
calculator's hypothetical ones. Pure: what earlier awards left (rent years, the A6.1 yearly total)
is passed in by the caller, read from the database or from the calculator's run."""

from __future__ import annotations

from collections.abc import Mapping

from zjtx.awards.claim.schemas import RentEvidence, SupplyEvidence, TradeFairEvidence, UpgradeEvidence
from zjtx.awards.rules.facts import EnterpriseFacts
from zjtx.awards.rules.premises import rent_subsidy
from zjtx.awards.rules.supply import supply_award, upgrade_award
from zjtx.awards.rules.trade_fair import trade_fair_subsidy
from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Decision

Evidence = SupplyEvidence | UpgradeEvidence | RentEvidence | TradeFairEvidence


def decide_claim(
    facts: EnterpriseFacts,
    evidence: Evidence,
    *,
    parameters: ParameterFile,
    rent_years: list[int],
    trade_fair_used_fen: Mapping[int, int],
) -> Decision:
    """`rent_years`: years already subsidised under A3.rent; `trade_fair_used_fen`: A6.1 paid per year."""
    match evidence:
        case SupplyEvidence():
            return supply_award(
                facts,
                year=evidence.year,
                supply_fen=evidence.supply_amount,
                previous_year_supply_fen=evidence.previous_year_supply_amount,
                parameters=parameters,
            )
        case UpgradeEvidence():
            return upgrade_award(
                facts,
                project_name=evidence.project_name,
                investment_fen=evidence.investment_amount,
                completed_on=evidence.completed_on,
                parameters=parameters,
            )
        case RentEvidence():
            return rent_subsidy(
                facts,
                year=evidence.year,
                rent_fen=evidence.rent_paid,
                premises_use=evidence.premises_use,
                subsidised_years=[y for y in rent_years if y != evidence.year],
                parameters=parameters,
            )
        case TradeFairEvidence():
            return trade_fair_subsidy(
                facts,
                fair_name=evidence.fair_name,
                held_on=evidence.held_on,
                booth_fee_fen=evidence.booth_fee,
                already_this_year_fen=trade_fair_used_fen.get(evidence.held_on.year, 0),
                parameters=parameters,
            )
    raise TypeError(f"no rule decides {type(evidence).__name__}")  # the request schema admits only these four
