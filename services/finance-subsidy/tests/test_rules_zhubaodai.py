"""A5.2 and A5.3 by hand, on the rules alone: the 助保贷 ceiling (LPR on the disbursement date + 100 bp,
"no more than" including it) and the 30% compensation of a default. The pool's flows (waiting, FIFO,
recoveries) are in test_risk_pool_api.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zjtx.common.lpr import load_lpr
from zjtx.common.money import yuan_to_fen
from zjtx.finance_subsidy.definition import FINANCE_SUBSIDY
from zjtx.finance_subsidy.rules.ceiling import ABOVE, NOT_PARTNER, WAITING_LPR, WITHIN, check_ceiling
from zjtx.finance_subsidy.rules.compensation import compensation_for_default, recovery_share
from zjtx.finance_subsidy.rules.facts import LoanFact

PARAMETERS = FINANCE_SUBSIDY.load_parameters()
LPR = load_lpr()


def zhubaodai(rate: str, disbursed_on: date = date(2024, 11, 1), product: str = "zhubaodai") -> LoanFact:
    return LoanFact(
        "DEMO",
        "Z-1",
        "91150105MA0Q4LJX27",
        yuan_to_fen(Decimal("5000000.00")),
        Decimal(rate),
        disbursed_on,
        date(2025, 11, 1),
        "working_capital",
        product,
    )


@pytest.mark.parametrize(
    ("rate", "status", "flags"),
    [
        ("3.80", WITHIN, []),
        ("4.10", WITHIN, []),  # exactly the ceiling: "no more than" includes it
        ("4.11", ABOVE, ["rate_above_ceiling"]),  # one hundredth of a point above
    ],
)
def test_the_ceiling_is_the_lpr_on_the_disbursement_date_plus_100_basis_points(rate, status, flags):
    # Disbursed 2024-11-01: the 1-year LPR in force is 3.10 (published 2024-10-21); 3.10 + 1.00 = 4.10.
    check = check_ceiling(zhubaodai(rate), partner=True, lpr=LPR, parameters=PARAMETERS)
    assert (check.status, check.flags, check.covered) == (status, flags, status == WITHIN)
    assert (check.ceiling, check.lpr, check.lpr_published_on) == (Decimal("4.10"), Decimal("3.10"), date(2024, 10, 21))
    assert check.decision.explanation.steps[0] == (
        "ceiling = 1-year LPR 3.10% (published 2024-10-21, in force on the disbursement date 2024-11-01) "
        "+ 100 bp = 4.10%"
    )


def test_the_ceiling_moves_with_the_lpr_of_the_disbursement_date():
    # Disbursed 2024-10-18, three days before the cut to 3.10: the LPR is 3.35 (2024-07-22), ceiling 4.35.
    check = check_ceiling(zhubaodai("4.30", date(2024, 10, 18)), partner=True, lpr=LPR, parameters=PARAMETERS)
    assert (check.status, check.ceiling) == (WITHIN, Decimal("4.35"))


def test_a_zhubaodai_loan_of_a_bank_that_is_no_partner_has_no_cover():
    check = check_ceiling(zhubaodai("3.80"), partner=False, lpr=LPR, parameters=PARAMETERS)
    assert (check.status, check.flags, check.covered) == (NOT_PARTNER, ["not_zhubaodai_partner"], False)


def test_a_standard_loan_is_not_checked():
    assert check_ceiling(zhubaodai("9.00", product="standard"), partner=True, lpr=LPR, parameters=PARAMETERS) is None


def test_a_ceiling_past_the_lpr_horizon_waits():
    check = check_ceiling(zhubaodai("3.80", date(2026, 11, 5)), partner=True, lpr=LPR, parameters=PARAMETERS)
    assert (check.status, check.covered) == (WAITING_LPR, False)


def test_compensation_is_30_percent_of_the_principal_outstanding_at_default():
    # Outstanding at default 4,000,000.00 × 30% = 1,200,000.00; interest is not covered.
    decision, rate = compensation_for_default(
        bank_code="DEMO",
        loan_id="Z-1",
        outstanding_fen=yuan_to_fen(Decimal("4000000.00")),
        defaulted_on=date(2025, 6, 1),
        disbursed_on=date(2024, 11, 1),
        cover=None,
        parameters=PARAMETERS,
    )
    assert (decision.eligible, decision.amount_fen, rate) == (True, yuan_to_fen(Decimal("1200000.00")), Decimal("0.30"))
    # A later recovery of 1,000,000.00 returns 30% = 300,000.00 to the pool; of 333.33, 99.999 → 100.00.
    assert recovery_share(yuan_to_fen(Decimal("1000000.00")), rate) == yuan_to_fen(Decimal("300000.00"))
    assert recovery_share(33333, rate) == 10000


def test_a_loan_without_cover_gets_no_compensation():
    decision, rate = compensation_for_default(
        bank_code="DEMO",
        loan_id="Z-1",
        outstanding_fen=400_000_000,
        defaulted_on=date(2025, 6, 1),
        disbursed_on=date(2024, 11, 1),
        cover="4.11% > 4.10%: above the ceiling",
        parameters=PARAMETERS,
    )
    assert (decision.eligible, decision.amount_fen, rate) == (False, 0, None)
    assert decision.reason == "not_covered: 4.11% > 4.10%: above the ceiling"
